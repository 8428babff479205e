//! Outgoing e-mail. A letter is rendered from its handlebars template (Russian) when the change
//! that causes it is made, written to the outbox table in that change's transaction
//! ([`cabinet_storage::outbox`]), and delivered later by the job runner: over SMTP from the
//! configuration, or as `.eml` files in a folder so a fresh `cargo run` needs no mail server.

use std::time::Duration;

use handlebars::Handlebars;
use lettre::message::header::ContentTransferEncoding;
use lettre::message::{Mailbox, SinglePart, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde::Serialize;

use cabinet_storage::outbox;

use crate::config::{MailConfig, MailTransport, SmtpTls};

pub struct Mailer {
    transport: Transport,
    from: Mailbox,
    templates: Handlebars<'static>,
}

enum Transport {
    File(AsyncFileTransport<Tokio1Executor>),
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("mail configuration: {0}")]
    Config(String),
    #[error("mail template: {0}")]
    Template(#[from] handlebars::RenderError),
    #[error("address: {0}")]
    Address(#[from] lettre::address::AddressError),
    #[error("message: {0}")]
    Message(#[from] lettre::error::Error),
    #[error("smtp: {0}")]
    Smtp(#[from] lettre::transport::smtp::Error),
    #[error("file transport: {0}")]
    File(#[from] lettre::transport::file::Error),
}

impl MailError {
    /// Whether sending again cannot help: the server refused the letter for good (a 5xx
    /// answer), or the letter itself cannot be built (a malformed address).
    pub fn permanent(&self) -> bool {
        match self {
            MailError::Smtp(e) => e.is_permanent(),
            MailError::Address(_) | MailError::Message(_) | MailError::Template(_) => true,
            MailError::Config(_) | MailError::File(_) => false,
        }
    }
}

/// A message kind: its template (`<name>.subject.hbs`, `<name>.txt.hbs`).
#[derive(Debug, Clone, Copy)]
pub enum Letter {
    NewUser,
    PasswordReset,
    PasswordIssued,
    Appeal,
    Material,
    Reminder,
}

impl Letter {
    fn name(self) -> &'static str {
        match self {
            Letter::NewUser => "new_user",
            Letter::PasswordReset => "password_reset",
            Letter::PasswordIssued => "password_issued",
            Letter::Appeal => "appeal",
            Letter::Material => "material",
            Letter::Reminder => "reminder",
        }
    }
}

const TEMPLATES: &[(&str, &str)] = &[
    ("new_user.subject", include_str!("../templates/mail/new_user.subject.hbs")),
    ("new_user.txt", include_str!("../templates/mail/new_user.txt.hbs")),
    ("password_reset.subject", include_str!("../templates/mail/password_reset.subject.hbs")),
    ("password_reset.txt", include_str!("../templates/mail/password_reset.txt.hbs")),
    ("password_issued.subject", include_str!("../templates/mail/password_issued.subject.hbs")),
    ("password_issued.txt", include_str!("../templates/mail/password_issued.txt.hbs")),
    ("appeal.subject", include_str!("../templates/mail/appeal.subject.hbs")),
    ("appeal.txt", include_str!("../templates/mail/appeal.txt.hbs")),
    ("material.subject", include_str!("../templates/mail/material.subject.hbs")),
    ("material.txt", include_str!("../templates/mail/material.txt.hbs")),
    ("reminder.subject", include_str!("../templates/mail/reminder.subject.hbs")),
    ("reminder.txt", include_str!("../templates/mail/reminder.txt.hbs")),
];

impl Mailer {
    pub fn from_config(config: &MailConfig) -> Result<Self, MailError> {
        let from: Mailbox = config.from.parse().map_err(|e| MailError::Config(format!("from: {e}")))?;
        let transport = match config.transport {
            MailTransport::File => {
                std::fs::create_dir_all(&config.outbox)
                    .map_err(|e| MailError::Config(format!("outbox {}: {e}", config.outbox.display())))?;
                Transport::File(AsyncFileTransport::new(&config.outbox))
            }
            MailTransport::Smtp => {
                let smtp = &config.smtp;
                let mut builder = match smtp.tls {
                    SmtpTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&smtp.host),
                    SmtpTls::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&smtp.host)?,
                    SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&smtp.host)?,
                }
                .port(smtp.port)
                .timeout(Some(Duration::from_secs(smtp.timeout_seconds)));
                if let (Some(user), Some(password)) = (&smtp.username, &smtp.password) {
                    builder = builder.credentials(Credentials::new(user.clone(), password.0.clone()));
                }
                Transport::Smtp(builder.build())
            }
        };
        let mut templates = Handlebars::new();
        templates.set_strict_mode(true);
        templates.register_escape_fn(handlebars::no_escape);
        for (name, text) in TEMPLATES {
            templates.register_template_string(name, text).map_err(|e| MailError::Config(e.to_string()))?;
        }
        Ok(Mailer { transport, from, templates })
    }

    /// Renders a letter to `to`, for the outbox.
    pub fn render(&self, to: &str, letter: Letter, data: &impl Serialize) -> Result<outbox::Letter, MailError> {
        let subject = self.templates.render(&format!("{}.subject", letter.name()), data)?;
        let body = self.templates.render(&format!("{}.txt", letter.name()), data)?;
        Ok(outbox::Letter {
            kind: letter.name(),
            to: to.to_owned(),
            subject: subject.trim().to_owned(),
            body,
            about: None,
        })
    }

    /// Sends one letter from the outbox; the server's answer on success (`250 2.0.0 Ok: queued
    /// as …`, or the file's name). Its `Message-ID` is made from the outbox id, so a letter sent
    /// again after its sender died mid-way can be told from a new one.
    pub async fn deliver(&self, letter: &outbox::Claimed) -> Result<String, MailError> {
        let domain = self.from.email.domain().to_owned();
        let message = Message::builder()
            .from(self.from.clone())
            .to(letter.recipient.parse()?)
            .subject(letter.subject.clone())
            .message_id(Some(format!("<{}@{domain}>", letter.id)))
            .singlepart(
                SinglePart::builder()
                    .header(ContentType::TEXT_PLAIN)
                    .header(ContentTransferEncoding::Base64)
                    .body(letter.body.clone()),
            )?;
        match &self.transport {
            Transport::File(t) => Ok(format!("file {}", t.send(message).await?)),
            Transport::Smtp(t) => {
                let answer = t.send(message).await?;
                let text = answer.message().collect::<Vec<_>>().join(" ");
                Ok(format!("{} {text}", answer.code()))
            }
        }
    }
}

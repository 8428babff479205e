//! What the organization's public page shows, from what the public API serves: only the filled
//! sections of the reference info (§4.3), the newest news, galleries and documents.

use serde::Serialize;

use super::super::news::article::when_where;
use super::super::when::{day, moment};
use crate::routes::public::PublicOrgPage;

#[derive(Serialize)]
pub struct OrgPage {
    pub slug: String,
    pub full_name: String,
    pub short_name: String,
    pub region: Option<String>,
    /// The filled sections; empty when nothing is filled.
    pub facts: Vec<Fact>,
    pub links: Vec<Link>,
    pub news: Vec<NewsLine>,
    pub galleries: Vec<Album>,
    pub documents: Vec<DocumentGroup>,
}

/// A line of the reference info: «Председатель — Иванов И. И.».
#[derive(Serialize)]
pub struct Fact {
    pub label: &'static str,
    pub text: String,
    pub href: Option<String>,
}

#[derive(Serialize)]
pub struct Link {
    pub label: String,
    pub href: String,
    pub text: String,
}

#[derive(Serialize)]
pub struct NewsLine {
    pub href: String,
    pub headline: String,
    pub lead: Option<String>,
    pub published: String,
    pub cover_url: Option<String>,
}

#[derive(Serialize)]
pub struct Album {
    pub title: String,
    pub when_where: String,
    pub photo_count: usize,
    pub cover_url: Option<String>,
    pub cover_alt: String,
}

#[derive(Serialize)]
pub struct DocumentGroup {
    pub label: &'static str,
    pub items: Vec<Document>,
}

#[derive(Serialize)]
pub struct Document {
    pub title: String,
    pub href: String,
    pub date: String,
    pub size: String,
}

fn size(bytes: i64) -> String {
    match bytes {
        b if b >= 1024 * 1024 => format!("{:.1} МБ", b as f64 / (1024.0 * 1024.0)).replace('.', ","),
        b => format!("{} КБ", (b + 1023) / 1024),
    }
}

impl From<PublicOrgPage> for OrgPage {
    fn from(p: PublicOrgPage) -> Self {
        let org = p.organization;
        let mut facts = Vec::new();
        let mut links = Vec::new();
        if let Some(profile) = &org.profile {
            if let Some(name) = &profile.chairman {
                facts.push(Fact { label: "Председатель", text: name.clone(), href: None });
            }
            if let Some(c) = &profile.contacts {
                if let Some(address) = &c.address {
                    facts.push(Fact { label: "Адрес", text: address.clone(), href: None });
                }
                if let Some(phone) = &c.phone {
                    facts.push(Fact {
                        label: "Телефон", text: phone.display.clone(), href: Some(phone.href.clone())
                    });
                }
                if let Some(email) = &c.email {
                    let text = email.as_str().to_owned();
                    facts.push(Fact { label: "E-mail", href: Some(format!("mailto:{text}")), text });
                }
            }
            if let Some(site) = &profile.website {
                links.push(Link {
                    label: "Сайт".into(),
                    href: site.url.as_str().to_owned(),
                    text: site.display.clone(),
                });
            }
            for page in &profile.social {
                links.push(Link {
                    label: page.label.unwrap_or("Страница в социальной сети").to_owned(),
                    href: page.url.as_str().to_owned(),
                    text: page.display.clone(),
                });
            }
        }
        let full_name = org.profile.as_ref().and_then(|p| p.full_name.clone()).unwrap_or(org.full_name);
        let mut documents: Vec<DocumentGroup> = Vec::new();
        for d in p.documents {
            let doc = Document {
                title: d.title,
                href: d.file_url,
                date: d.date.as_deref().map(day).unwrap_or_default(),
                size: size(d.file_size),
            };
            match documents.iter_mut().find(|g| g.label == d.category_label) {
                Some(group) => group.items.push(doc),
                None => documents.push(DocumentGroup { label: d.category_label, items: vec![doc] }),
            }
        }
        OrgPage {
            news: p
                .latest_news
                .into_iter()
                .map(|n| NewsLine {
                    href: format!("/o/{}/news/{}", org.slug, n.id),
                    published: moment(&n.published_at),
                    cover_url: n.cover.map(|c| c.url),
                    headline: n.headline,
                    lead: n.lead,
                })
                .collect(),
            galleries: p
                .galleries
                .into_iter()
                .map(|g| Album {
                    when_where: when_where(g.event_date.as_deref(), g.event_place.as_deref()),
                    photo_count: g.photo_count,
                    cover_alt: g.cover.as_ref().and_then(|c| c.caption.clone()).unwrap_or_else(|| g.title.clone()),
                    cover_url: g.cover.map(|c| c.url),
                    title: g.title,
                })
                .collect(),
            documents,
            facts,
            links,
            full_name,
            slug: org.slug,
            short_name: org.short_name,
            region: org.region,
        }
    }
}

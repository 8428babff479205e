//! The organization's news (§5) as pages: the author's list and editor with photos, the §5.4
//! findings and the preview, submission with the readiness statement (§5.6); the moderator's
//! queue and decisions (§5.7, §5.8). Every action is the news API's own handler.

pub mod article;
mod draft;
mod editor;
mod list;
mod moderation;

pub fn routes() -> Vec<rocket::Route> {
    [list::routes(), editor::routes(), moderation::routes()].concat()
}

/// A §5.4 finding as the pages show it.
#[derive(serde::Serialize)]
struct Finding {
    blocking: bool,
    /// The field's input, for a link to it.
    anchor: String,
    field: &'static str,
    message: String,
}

/// The findings; `linked` when the page has the inputs they are about.
fn findings(list: &[crate::routes::news::FindingView], linked: bool) -> Vec<Finding> {
    list.iter()
        .map(|f| Finding {
            blocking: f.severity == "blocking",
            anchor: if linked { format!("f-{}", f.field) } else { String::new() },
            field: match f.field {
                "headline" => "Заголовок",
                "lead" => "Лид-абзац",
                "body" => "Текст новости",
                _ => "Новость",
            },
            message: f.message.clone(),
        })
        .collect()
}

/// One step of an item's history.
#[derive(serde::Serialize)]
struct Step {
    at: String,
    what: &'static str,
    actor: String,
    reason: Option<String>,
}

fn history(list: &[crate::routes::news::StepView]) -> Vec<Step> {
    list.iter()
        .map(|s| Step {
            at: super::when::moment(&s.at),
            what: match s.event.as_str() {
                "create" => "создана",
                "edit" => "изменена",
                "submit" => "отправлена на модерацию",
                "publish" => "опубликована",
                "reject" => "отклонена",
                "unpublish" => "снята с публикации",
                _ => "изменено состояние",
            },
            actor: s.actor.clone(),
            reason: s.reason.clone(),
        })
        .collect()
}

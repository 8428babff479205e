//! The editor's form: the text fields and the photos with their captions and cover, read from a
//! stored item or from the posted form, and turned into the news API's body.

use serde::Serialize;
use serde_json::{Value, json};

use super::super::input::{Input, Inputs};
use super::super::posted::Posted;
use crate::App;
use crate::error::ApiError;
use crate::routes::media::MediaView;
use crate::routes::news::NewsView;
use crate::views::media_url;

/// More rows than an item may have photos: the API refuses the excess with its own message.
const MAX_ROWS: usize = 40;

/// One photo of the item being edited.
#[derive(Clone)]
pub struct PhotoRow {
    pub media_id: String,
    pub caption: String,
    pub url: String,
    pub width: Option<u32>,
    pub height: Option<u32>,
}

/// What the editor holds: an item's fields as a person typed them.
#[derive(Default)]
pub struct Draft {
    pub headline: String,
    pub lead: String,
    pub body: String,
    pub event_date: String,
    pub event_place: String,
    pub photos: Vec<PhotoRow>,
    pub cover: String,
    /// The caption and the downscale choice typed for a photo not taken yet: kept when the photo
    /// is refused, so only the file has to be chosen again.
    pub pending_caption: String,
    pub downscale: bool,
}

impl Draft {
    pub fn of(v: &NewsView) -> Self {
        Draft {
            headline: v.headline.clone(),
            lead: v.lead.clone().unwrap_or_default(),
            body: v.body.clone(),
            event_date: v.event_date.clone().unwrap_or_default(),
            event_place: v.event_place.clone().unwrap_or_default(),
            photos: v
                .photos
                .iter()
                .map(|p| PhotoRow {
                    media_id: p.media_id.clone(),
                    caption: p.caption.clone().unwrap_or_default(),
                    url: p.url.clone(),
                    width: p.width,
                    height: p.height,
                })
                .collect(),
            cover: v.cover_photo_id.clone().unwrap_or_default(),
            pending_caption: String::new(),
            downscale: false,
        }
    }

    /// The posted form; photos marked «убрать» are left out.
    pub fn posted(app: &App, form: &Posted) -> Self {
        let removed: Vec<&str> = form.all("remove").collect();
        let photos = (0..MAX_ROWS)
            .map_while(|i| {
                let id = format!("photos[{i}].media_id");
                form.has(&id).then(|| (form.get(&id).to_owned(), form.get(&format!("photos[{i}].caption")).to_owned()))
            })
            .filter(|(id, _)| !removed.contains(&id.as_str()))
            .map(|(media_id, caption)| PhotoRow {
                // An id that does not parse shows no image; the API names the entry.
                url: media_id.parse().map(|id| media_url(&app.config.public_url, id)).unwrap_or_default(),
                media_id,
                caption,
                width: None,
                height: None,
            })
            .collect();
        let cover = form.get("cover_photo_id");
        Draft {
            headline: form.get("headline").to_owned(),
            lead: form.get("lead").to_owned(),
            body: form.get("body").to_owned(),
            event_date: form.get("event_date").to_owned(),
            event_place: form.get("event_place").to_owned(),
            photos,
            cover: if removed.contains(&cover) { String::new() } else { cover.to_owned() },
            pending_caption: form.get("photo_caption").to_owned(),
            downscale: form.has("downscale"),
        }
    }

    /// A photo just uploaded, appended with the caption typed for it.
    pub fn add(&mut self, media: MediaView, caption: &str) {
        self.photos.push(PhotoRow {
            media_id: media.id,
            caption: caption.to_owned(),
            url: media.url,
            width: media.width,
            height: media.height,
        });
        // Taken: the next photo starts with an empty caption.
        self.pending_caption.clear();
        self.downscale = false;
    }

    /// The news API's body.
    pub fn body(&self) -> Value {
        let cover = Some(self.cover.as_str()).filter(|c| !c.is_empty());
        json!({
            "headline": self.headline,
            "lead": self.lead,
            "body": self.body,
            "event_date": Some(self.event_date.as_str()).filter(|d| !d.trim().is_empty()),
            "event_place": self.event_place,
            "photos": self.photos.iter().map(|p| json!({ "media_id": p.media_id, "caption": p.caption })).collect::<Vec<_>>(),
            "cover_photo_id": cover,
        })
    }

    fn inputs(&self, may_upload: bool) -> Vec<Input> {
        let mut list = vec![
            Input::new("text", "headline", "Заголовок")
                .value(&self.headline)
                .required()
                .help("Главный новостной повод, обычным предложением: заголовок прописными буквами не публикуется."),
            Input::new("textarea", "lead", "Лид-абзац")
                .value(&self.lead)
                .help("Одно-два предложения: кто, что, когда, где, как и почему."),
            Input::new("textarea", "body", "Текст новости").value(&self.body).help(
                "От главного к подробностям, 3–7 абзацев; абзацы разделяйте пустой строкой. Разметка Markdown: \
                 **жирный**, *курсив*, [ссылка](https://…), список — строки с «- ». Сокращения расшифруйте \
                 при первом упоминании.",
            ),
            Input::new("date", "event_date", "Дата события").value(&self.event_date),
            Input::new("text", "event_place", "Место события")
                .value(&self.event_place)
                .help("Населённый пункт, регион, площадка."),
        ];
        for (i, p) in self.photos.iter().enumerate() {
            list.push(
                Input::new("text", &format!("photos[{i}].caption"), &format!("Подпись к фотографии № {}", i + 1))
                    .value(&p.caption),
            );
        }
        if may_upload {
            let mut file = Input::new("file", "photo", "Добавить фотографию").help(
                "JPEG; имя файла — латинские буквы, цифры, «_» и «-», без пробелов; горизонтальное фото \
                 не шире 1290 px, вертикальное не выше 600 px. Фото загрузится при сохранении новости.",
            );
            file.accept = Some("image/jpeg,.jpg,.jpeg");
            list.push(file);
            list.push(
                Input::new("text", "photo_caption", "Подпись к добавляемой фотографии").value(&self.pending_caption),
            );
            let mut downscale =
                Input::new("checkbox", "downscale", "Уменьшить слишком большое фото до допустимого размера");
            downscale.checked = self.downscale;
            list.push(downscale);
        }
        list
    }

    /// The form's parts for `news_edit.hbs`, with `error` at its fields.
    pub fn view(&self, may_upload: bool, error: Option<&ApiError>) -> DraftView {
        let inputs = self.inputs(may_upload);
        let form = match error {
            Some(e) => Inputs::with_error(inputs, e),
            None => Inputs::new(inputs),
        };
        let suggestion = error.and_then(|e| e.details.get("suggested_name")).and_then(Value::as_str).map(str::to_owned);
        let mut view = DraftView {
            problem: form.problem,
            summary: form.summary,
            text: Vec::new(),
            photos: Vec::new(),
            upload: Vec::new(),
            suggested_name: suggestion,
        };
        let mut captions = Vec::new();
        for input in form.inputs {
            match input.name.as_str() {
                "photo" | "photo_caption" | "downscale" => view.upload.push(input),
                name if name.starts_with("photos[") => captions.push(input),
                _ => view.text.push(input),
            }
        }
        view.photos = self
            .photos
            .iter()
            .zip(captions)
            .enumerate()
            .map(|(i, (p, caption))| PhotoView {
                index: i,
                number: i + 1,
                media_id: p.media_id.clone(),
                url: p.url.clone(),
                width: p.width,
                height: p.height,
                markdown: format!(
                    "![{}](media:{})",
                    if p.caption.is_empty() { "Фото" } else { &p.caption },
                    p.media_id
                ),
                cover: p.media_id == self.cover || (self.cover.is_empty() && i == 0),
                caption,
            })
            .collect();
        view
    }
}

/// The editor form as the template reads it.
#[derive(Serialize)]
pub struct DraftView {
    pub problem: Option<String>,
    pub summary: Vec<super::super::input::SummaryLine>,
    pub text: Vec<Input>,
    pub photos: Vec<PhotoView>,
    pub upload: Vec<Input>,
    /// A Latin name the refused photo could be renamed to.
    pub suggested_name: Option<String>,
}

#[derive(Serialize)]
pub struct PhotoView {
    pub index: usize,
    pub number: usize,
    pub media_id: String,
    pub url: String,
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// What to put into the text to show the photo there.
    pub markdown: String,
    pub cover: bool,
    pub caption: Input,
}

/// A refusal of the chosen file, placed at the file field with the API's words and numbers.
pub fn at_file_field(e: ApiError) -> ApiError {
    let mut details = if e.details.is_object() { (*e.details).clone() } else { json!({}) };
    details["fields"] = json!([{ "field": "photo", "code": e.code, "message": e.message }]);
    e.with_details(details)
}

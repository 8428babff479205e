//! Why a photo is refused, told three ways: a stable code, a Russian message, the numbers.

use std::fmt;

use serde_json::{Value, json};

use super::jpeg::{Malformed, Unsupported};
use super::photo_name::NameProblem;
use super::{characters, megabytes, megapixels};

/// A photo that does not satisfy §5.5 (or cannot be processed at all).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhotoRefusal {
    Empty,
    TooLarge {
        size: usize,
        max: usize,
    },
    /// Not a JPEG by its content; `detected` names the real format when it is recognised.
    NotJpeg {
        detected: Option<&'static str>,
    },
    Corrupt {
        problem: Malformed,
    },
    UnsupportedCoding {
        coding: Unsupported,
    },
    BadName {
        /// The name as sent, invisible characters escaped, shortened if long.
        name: String,
        /// How many characters the name has as sent, however much of it `name` quotes.
        name_chars: usize,
        problem: NameProblem,
        suggestion: String,
    },
    /// More pixels than are ever decoded: a decompression bomb, or a photo far too big.
    TooManyPixels {
        width: u32,
        height: u32,
        max_pixels: u64,
    },
    /// A landscape (or square) photo wider than allowed, as displayed.
    TooWide {
        width: u32,
        height: u32,
        max_width: u32,
        rotated: bool,
    },
    /// A portrait photo taller than allowed, as displayed.
    TooTall {
        width: u32,
        height: u32,
        max_height: u32,
        rotated: bool,
    },
    /// The pixels could not be decoded or encoded while downscaling.
    Unreadable,
}

impl PhotoRefusal {
    /// Stable English code for the API.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty => "photo_empty",
            Self::TooLarge { .. } => "photo_too_large",
            Self::NotJpeg { .. } => "photo_not_jpeg",
            Self::Corrupt { .. } => "photo_corrupt",
            Self::UnsupportedCoding { .. } => "photo_unsupported_jpeg",
            Self::BadName { .. } => "photo_bad_name",
            Self::TooManyPixels { .. } => "photo_too_many_pixels",
            Self::TooWide { .. } => "photo_too_wide",
            Self::TooTall { .. } => "photo_too_tall",
            Self::Unreadable => "photo_unreadable",
        }
    }

    /// What is wrong and how to fix it, in Russian, for the person who uploaded the photo.
    pub fn message(&self) -> String {
        const RESAVE: &str = "Откройте фото в графическом редакторе, сохраните его заново как JPEG и загрузите снова.";
        match self {
            Self::Empty => "Файл пустой. Выберите фотографию в формате JPEG.".to_owned(),
            Self::TooLarge { size, max } => format!(
                "Размер файла {}, а допускается не больше {}. Уменьшите фото или сохраните его с более сильным сжатием.",
                megabytes(*size),
                megabytes(*max)
            ),
            Self::NotJpeg { detected: Some(format) } => format!(
                "Файл на самом деле в формате {format}, а принимаются только фотографии JPEG. \
                 Сохраните фото в формате JPEG (.jpg) и загрузите снова."
            ),
            Self::NotJpeg { detected: None } => "Файл не является фотографией JPEG: его формат не удалось распознать. \
                 Сохраните фото в формате JPEG (.jpg) и загрузите снова."
                .to_owned(),
            Self::Corrupt { problem } => format!("Файл JPEG повреждён: {}. {RESAVE}", malformed_words(*problem)),
            Self::UnsupportedCoding { coding } => format!(
                "Фото сохранено в редком варианте JPEG ({}), который не показывают браузеры. \
                 Сохраните его заново как обычный JPEG (8 бит, базовый или прогрессивный) и загрузите снова.",
                unsupported_words(*coding)
            ),
            Self::BadName { name, name_chars, problem, suggestion } => {
                format!("{} Переименуйте файл, например: «{suggestion}».", name_words(name, *name_chars, problem))
            }
            Self::TooManyPixels { width, height, max_pixels } => format!(
                "Размер изображения {width} × {height} px ({}), а обрабатываются изображения не больше {}. \
                 Уменьшите фото: горизонтальное — до 1290 px по ширине, вертикальное — до 600 px по высоте.",
                megapixels(u64::from(*width) * u64::from(*height)),
                megapixels(*max_pixels)
            ),
            Self::TooWide { width, max_width, rotated, .. } => format!(
                "Ширина горизонтальной фотографии {width} px{}, а допускается не больше {max_width} px. \
                 Уменьшите фото или включите автоматическое уменьшение.",
                rotated_words(*rotated)
            ),
            Self::TooTall { height, max_height, rotated, .. } => format!(
                "Высота вертикальной фотографии {height} px{}, а допускается не больше {max_height} px. \
                 Уменьшите фото или включите автоматическое уменьшение.",
                rotated_words(*rotated)
            ),
            Self::Unreadable => {
                format!("Не удалось прочитать изображение, чтобы уменьшить его: файл повреждён. {RESAVE}")
            }
        }
    }

    /// The numbers behind the message, for the API's `details`.
    pub fn details(&self) -> Value {
        match self {
            Self::Empty | Self::Unreadable => json!({}),
            Self::TooLarge { size, max } => json!({ "size_bytes": size, "max_bytes": max }),
            Self::NotJpeg { detected } => json!({ "detected_format": detected }),
            Self::Corrupt { problem } => json!({ "problem": problem.code() }),
            Self::UnsupportedCoding { coding } => match coding {
                Unsupported::Precision(bits) => json!({ "coding": coding.code(), "precision_bits": bits }),
                Unsupported::Components(n) => json!({ "coding": coding.code(), "components": n }),
                _ => json!({ "coding": coding.code() }),
            },
            Self::BadName { name, name_chars, problem, suggestion } => json!({
                "file_name": name, "name_chars": name_chars, "problem": problem.code(), "suggested_name": suggestion
            }),
            Self::TooManyPixels { width, height, max_pixels } => {
                json!({ "width": width, "height": height, "pixels": u64::from(*width) * u64::from(*height), "max_pixels": max_pixels })
            }
            Self::TooWide { width, height, max_width, rotated } => {
                json!({ "width": width, "height": height, "max_width": max_width, "orientation_applied": rotated })
            }
            Self::TooTall { width, height, max_height, rotated } => {
                json!({ "width": width, "height": height, "max_height": max_height, "orientation_applied": rotated })
            }
        }
    }
}

impl fmt::Display for PhotoRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for PhotoRefusal {}

fn malformed_words(problem: Malformed) -> &'static str {
    match problem {
        Malformed::Truncated => "он обрезан — вероятно, загрузка или копирование не закончились",
        Malformed::BadSegment => "в заголовках неверная длина блока",
        Malformed::NoFrame => "нет заголовка кадра с размерами изображения",
        Malformed::BadFrame => "заголовок кадра с размерами изображения испорчен",
        Malformed::BadScan => "заголовок данных изображения испорчен",
        Malformed::NoScan => "в нём нет данных изображения",
        Malformed::NestedImage => "внутри него начинается ещё одно изображение",
    }
}

fn unsupported_words(coding: Unsupported) -> String {
    match coding {
        Unsupported::Precision(bits) => format!("{bits} бит на канал вместо 8"),
        Unsupported::Arithmetic => "арифметическое кодирование".to_owned(),
        Unsupported::Lossless => "сжатие без потерь".to_owned(),
        Unsupported::Hierarchical => "иерархическое кодирование".to_owned(),
        Unsupported::JpegLs => "JPEG-LS".to_owned(),
        Unsupported::HeightLater => "высота указана в конце файла".to_owned(),
        Unsupported::Components(n) => format!("число цветовых компонент — {n}"),
    }
}

fn name_words(name: &str, name_chars: usize, problem: &NameProblem) -> String {
    match problem {
        NameProblem::Extension => format!("Имя файла «{name}» должно оканчиваться на .jpg или .jpeg."),
        NameProblem::EmptyStem => format!("У файла «{name}» нет имени перед расширением."),
        NameProblem::Characters(what) => format!(
            "В имени файла «{name}» есть {what}, а можно использовать только латинские буквы, цифры, \
             знаки «_» и «-», без пробелов."
        ),
        NameProblem::TooLong => format!(
            "Имя файла слишком длинное: {}, а допускается не больше {}.",
            characters(name_chars),
            super::photo_name::MAX_NAME_CHARS
        ),
    }
}

fn rotated_words(rotated: bool) -> &'static str {
    if rotated { " (с учётом поворота, записанного в фото)" } else { "" }
}

//! The fixed list of document categories, with the labels a reader sees.

use serde::Serialize;

/// What kind of document an entry is: the page groups and filters its list by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Charter,
    Decision,
    Report,
    Agreement,
    Other,
}

impl Category {
    pub const ALL: [Category; 5] =
        [Category::Charter, Category::Decision, Category::Report, Category::Agreement, Category::Other];

    /// The stable code stored and sent over the API.
    pub fn code(self) -> &'static str {
        match self {
            Category::Charter => "charter",
            Category::Decision => "decision",
            Category::Report => "report",
            Category::Agreement => "agreement",
            Category::Other => "other",
        }
    }

    /// The heading a reader of the page sees.
    pub fn label(self) -> &'static str {
        match self {
            Category::Charter => "Устав",
            Category::Decision => "Решения и постановления",
            Category::Report => "Отчёты",
            Category::Agreement => "Соглашения и договоры",
            Category::Other => "Прочее",
        }
    }

    /// A category by its code; `field` names the input in the refusal, which lists every code.
    pub fn parse(input: &str, field: &str) -> Result<Self, crate::Invalid> {
        let code = input.trim();
        Category::ALL.into_iter().find(|c| c.code() == code).ok_or_else(|| {
            let known: Vec<String> = Category::ALL.iter().map(|c| format!("{} («{}»)", c.code(), c.label())).collect();
            crate::Invalid::new(
                field,
                "unknown_category",
                format!("Такой категории документов нет. Выберите одну из: {}.", known.join(", ")),
            )
        })
    }
}

//! Behaviour of [`DocumentName`]: a document's name never hides the type found in its content.

use super::document_name::is_invisible;
use super::*;

use DocumentKind::{Docx, Pdf, Xlsx};

fn name(raw: &str, kind: DocumentKind) -> String {
    DocumentName::parse(raw, kind).unwrap_or_else(|r| panic!("{raw:?} refused: {}", r.message())).into_string()
}

/// The problem, the suggestion and the length reported for a refused name.
fn refused(raw: &str, kind: DocumentKind) -> (DocumentNameProblem, String, usize) {
    match DocumentName::parse(raw, kind) {
        Err(DocumentRefusal::BadName { problem, suggestion, name_chars, .. }) => (problem, suggestion, name_chars),
        other => panic!("{raw:?} gave {other:?}"),
    }
}

fn hidden(extension: &str) -> DocumentNameProblem {
    DocumentNameProblem::HiddenExtension { extension: extension.to_owned() }
}

fn extension(extension: &str) -> DocumentNameProblem {
    DocumentNameProblem::Extension { extension: extension.to_owned() }
}

#[test]
fn a_name_without_an_extension_gets_the_one_found_in_the_content() {
    assert_eq!(name("Отчёт", Pdf), "Отчёт.pdf");
    assert_eq!(name("Приказ от 01.02.2025", Docx), "Приказ от 01.02.2025.docx");
    assert_eq!(name("Отчёт за 2025 г. Итоги", Pdf), "Отчёт за 2025 г. Итоги.pdf");
    assert_eq!(name("Версия 1.2", Xlsx), "Версия 1.2.xlsx");
}

#[test]
fn an_extension_of_another_document_type_is_replaced_by_the_real_one() {
    assert_eq!(name("Отчёт.doc", Pdf), "Отчёт.pdf");
    assert_eq!(name("Book.XLS", Xlsx), "Book.xlsx");
    assert_eq!(name("Устав.PDF", Pdf), "Устав.pdf");
    assert_eq!(name("Протокол №5.docx", Docx), "Протокол №5.docx");
    assert_eq!(name("archive.tar.odt", Pdf), "archive.tar.pdf", "an inert middle part is part of the name");
}

#[test]
fn an_extension_that_is_no_document_type_is_refused_with_the_real_one_suggested() {
    for (raw, ext) in [("report.php", "php"), ("report.exe", "exe"), ("report.html", "html"), ("report.txt", "txt")] {
        assert_eq!(refused(raw, Pdf), (extension(ext), "report.pdf".to_owned(), raw.chars().count()), "{raw}");
    }
    assert_eq!(refused("Сводка.XLSM", Xlsx).1, "Сводка.xlsx");
    assert_eq!(refused("report.exe.", Pdf).0, extension("exe"), "Windows drops the trailing dot");
    assert_eq!(refused("report.exe  ", Pdf).0, extension("exe"), "and trailing spaces");
}

#[test]
fn a_program_extension_next_to_another_one_is_refused_as_hidden() {
    let cases = [
        ("report.pdf.exe", "exe"),
        ("report.exe.pdf", "exe"),
        ("Отчёт.PDF.Exe", "Exe"),
        ("report.pdf.exe.", "exe"),
        ("report.exe .pdf", "exe"),
        ("report.pdf.scr", "scr"),
        ("invoice.docx.js", "js"),
        ("page.html.pdf", "html"),
        ("a.svg.pdf", "svg"),
        ("run.pdf.ps1", "ps1"),
        ("x.doc.lnk", "lnk"),
    ];
    for (raw, ext) in cases {
        let (problem, suggestion, _) = refused(raw, Pdf);
        assert_eq!(problem, hidden(ext), "{raw}");
        assert!(!suggestion.to_lowercase().contains(&format!(".{}", ext.to_lowercase())), "{raw} → {suggestion}");
    }
    assert_eq!(refused("report.pdf.exe", Pdf).1, "report.pdf");
    assert_eq!(refused("Отчёт.PDF.Exe", Pdf).1, "Отчёт.pdf");
    assert_eq!(refused("ver.2.1.exe", Pdf), (extension("exe"), "ver.2.1.pdf".to_owned(), 11), "only numbers before");
}

#[test]
fn a_nul_byte_is_refused_where_it_is_not_dropped() {
    let (problem, suggestion, chars) = refused("report.pdf\0.html", Pdf);
    assert_eq!(problem, DocumentNameProblem::Invisible { character: '\0', position: 11, count: 1 });
    assert_eq!((suggestion.as_str(), chars), ("report.pdf", 16), "the .html it hid is gone too");
    let refusal = DocumentName::parse("report.pdf\0.html", Pdf).unwrap_err();
    assert_eq!(refusal.code(), "document_bad_name");
    assert_eq!(
        refusal.message(),
        "В имени файла есть невидимый управляющий символ (U+0000 — нулевой символ) в позиции 11. Такие символы \
         не видны при чтении, но могут переставить буквы или скрыть часть имени. Переименуйте файл, например: \
         «report.pdf»."
    );
    let details = refusal.details();
    assert_eq!(
        (details["problem"].as_str(), details["character"].as_str()),
        (Some("invisible_character"), Some("U+0000"))
    );
    assert_eq!((details["position"].as_u64(), details["name_chars"].as_u64()), (Some(11), Some(16)));
    assert_eq!(details["file_name"], "report.pdf\\u{0}.html", "quoted back visibly");
}

#[test]
fn line_breaks_tabs_and_other_control_characters_are_refused() {
    let (problem, suggestion, _) = refused("Отчёт\r\nза год.pdf", Pdf);
    assert_eq!(problem, DocumentNameProblem::Invisible { character: '\r', position: 6, count: 2 });
    assert_eq!(suggestion, "Отчёт за год.pdf");
    let message = DocumentName::parse("Отчёт\r\nза год.pdf", Pdf).unwrap_err().message();
    assert!(message.contains("(U+000D — возврат каретки) в позиции 6 (всего таких символов: 2)"), "{message}");
    assert_eq!(refused("a\tb.pdf", Pdf).1, "a b.pdf");
    for c in ['\n', '\u{1}', '\u{1B}', '\u{7F}', '\u{85}', '\u{9B}'] {
        let (problem, ..) = refused(&format!("ab{c}.pdf"), Pdf);
        assert_eq!(problem, DocumentNameProblem::Invisible { character: c, position: 3, count: 1 }, "{c:?}");
    }
}

#[test]
fn text_direction_marks_are_refused_naming_the_character_and_its_place() {
    // Shown by a browser as «отчётexe.pdf».
    let raw = "отчёт\u{202E}fdp.exe";
    let (problem, suggestion, _) = refused(raw, Pdf);
    assert_eq!(problem, DocumentNameProblem::Invisible { character: '\u{202E}', position: 6, count: 1 });
    assert_eq!(suggestion, "отчётfdp.pdf");
    let refusal = DocumentName::parse(raw, Pdf).unwrap_err();
    assert!(refusal.message().starts_with(
        "В имени файла есть невидимый управляющий символ (U+202E — знак направления письма) в позиции 6."
    ));
    assert_eq!(refusal.details()["character"], "U+202E");
    for c in
        ['\u{202A}', '\u{202D}', '\u{2066}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}', '\u{FEFF}', '\u{2028}']
    {
        assert!(matches!(refused(&format!("a{c}.pdf"), Pdf).0, DocumentNameProblem::Invisible { .. }), "{c:?}");
    }
    assert_eq!(name("👨\u{200D}👩 семья.pdf", Pdf), "👨\u{200D}👩 семья.pdf", "joiners reorder nothing");
}

#[test]
fn a_long_name_is_refused_with_the_length_it_was_sent_with() {
    let raw = format!("{}.pdf", "я".repeat(296));
    let (problem, suggestion, chars) = refused(&raw, Pdf);
    assert_eq!((problem, chars), (DocumentNameProblem::TooLong { max: MAX_DOCUMENT_NAME_CHARS }, 300));
    assert!(suggestion.chars().count() <= MAX_DOCUMENT_NAME_CHARS && suggestion.ends_with("яя.pdf"), "{suggestion}");
    let refusal = DocumentName::parse(&format!("C:\\Documents\\{raw}"), Pdf).unwrap_err();
    assert!(
        refusal.message().starts_with("Имя файла слишком длинное: 300 символов, а допускается не больше 150."),
        "{}",
        refusal.message()
    );
    let details = refusal.details();
    assert_eq!((details["name_chars"].as_u64(), details["max_chars"].as_u64()), (Some(300), Some(150)));
    assert_eq!(details["file_name"].as_str().unwrap().chars().count(), 201, "quoted in part, with «…»");

    assert_eq!(refused(&format!("{}.pdf", "a".repeat(147)), Pdf).2, 151);
    assert!(DocumentName::parse(&format!("{}.pdf", "a".repeat(146)), Pdf).is_ok(), "150 characters are fine");
}

#[test]
fn path_parts_are_dropped_as_browsers_once_sent_them() {
    assert_eq!(name("C:\\Users\\Иван\\Устав профсоюза.pdf", Pdf), "Устав профсоюза.pdf");
    assert_eq!(name("../report.pdf", Pdf), "report.pdf");
    assert_eq!(name("../../etc/passwd", Pdf), "passwd.pdf");
    assert_eq!(name("folder/", Xlsx), "document.xlsx");
    assert_eq!(name(".pdf", Pdf), "document.pdf");
    assert_eq!(name("C:\\a\u{202E}b\\report.pdf", Pdf), "report.pdf", "a dropped folder hides nothing");
}

#[test]
fn cyrillic_and_punctuation_stay_as_sent_with_whitespace_collapsed() {
    assert_eq!(name("Устав профсоюза «Единство» №1 (2025).pdf", Pdf), "Устав профсоюза «Единство» №1 (2025).pdf");
    assert_eq!(name("  Отчёт   за  год .pdf", Pdf), "Отчёт за год.pdf");
    assert_eq!(name("Итоги\u{00A0}года.pdf", Pdf), "Итоги года.pdf");
}

#[test]
fn refusals_read_as_sentences_with_the_name_and_the_suggestion() {
    let hidden = DocumentName::parse("report.pdf.exe", Pdf).unwrap_err();
    assert_eq!(
        hidden.message(),
        "В имени файла «report.pdf.exe» спрятано расширение .exe, как у программ, скриптов и веб-страниц: такое \
         имя выдаёт файл не за то, чем он является. По содержимому это документ PDF. Переименуйте файл, например: \
         «report.pdf»."
    );
    let details = hidden.details();
    assert_eq!((details["problem"].as_str(), details["extension"].as_str()), (Some("hidden_extension"), Some("exe")));
    assert_eq!((details["kind"].as_str(), details["suggested_name"].as_str()), (Some("pdf"), Some("report.pdf")));
    let other = DocumentName::parse("report.php", Docx).unwrap_err();
    assert_eq!(
        other.message(),
        "Расширение .php не подходит для документа: принимаются .pdf, .doc, .docx, .xls, .xlsx, .odt и .ods. \
         По содержимому файл «report.php» — документ DOCX. Переименуйте файл, например: «report.docx»."
    );
    assert_eq!(other.details()["accepted"][2], "docx");
}

#[test]
fn every_suggestion_is_accepted_as_it_is() {
    let long = "Отчёт о работе профсоюзной организации ".repeat(8);
    let names = [
        "report.pdf.exe".to_owned(),
        "report.exe.pdf".to_owned(),
        "report.php".to_owned(),
        "отчёт\u{202E}fdp.exe".to_owned(),
        "\0\r\n".to_owned(),
        ".exe".to_owned(),
        "...".to_owned(),
        "a .exe .pdf".to_owned(),
        format!("{long}.pdf.exe"),
        format!("{}.jsfoo bar", "x".repeat(142)),
        "я".repeat(400),
        "C:\\x\\y.html.doc.bat".to_owned(),
    ];
    for raw in &names {
        for kind in DocumentKind::ALL {
            let suggestion = DocumentName::suggest(raw, kind);
            let text = suggestion.as_str();
            assert!(text.ends_with(&format!(".{}", kind.extension())), "{raw:?} → {text}");
            assert!(text.chars().count() <= MAX_DOCUMENT_NAME_CHARS && !text.chars().any(is_invisible), "{text:?}");
            assert_eq!(DocumentName::parse(text, kind), Ok(suggestion.clone()), "{raw:?} → {text:?}");
        }
    }
    assert_eq!(DocumentName::suggest(".exe", Pdf).as_str(), "document.pdf");
}

#[test]
fn names_stored_under_laxer_rules_are_shown_as_todays_rules_suggest() {
    assert_eq!(DocumentName::of_stored("report.pdf.exe", Pdf).as_str(), "report.pdf");
    assert_eq!(DocumentName::of_stored("Отчёт.doc", Pdf).as_str(), "Отчёт.pdf");
    assert_eq!(DocumentName::of_stored("Отчёт за год.pdf", Pdf).as_str(), "Отчёт за год.pdf");
    let at_limit = format!("{}.pdf", "я".repeat(150));
    assert_eq!(DocumentName::of_stored(&at_limit, Pdf).as_str(), at_limit, "a name accepted today stays as it is");
}

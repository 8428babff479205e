//! Enormous and deeply nested Markdown renders quickly, in a small stack, with its words intact.

use std::thread;
use std::time::{Duration, Instant};

use super::events::MAX_NESTING;
use super::*;

/// Far deeper than the 10 000 levels asked for: before quotes and lists were flattened, 40 000
/// nested lists took html5ever 16 s.
const DEPTH: usize = 40_000;

/// Renders on a thread with a quarter of a megabyte of stack (a tokio worker has two): recursion
/// proportional to the depth would overflow it and abort the test binary.
fn render_small_stack(source: String) -> (Rendered, Duration) {
    let rendered = thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || {
            let started = Instant::now();
            (render(&source, &PhotoResolver::new("https://cabinet.example.org")), started.elapsed())
        })
        .unwrap()
        .join();
    rendered.unwrap()
}

#[test]
fn deeply_nested_quotes_and_lists_are_flattened_past_the_limit() {
    for source in [
        format!("{} слово", ">".repeat(DEPTH)),
        format!("{}слово", "- ".repeat(DEPTH)),
        format!("{}слово", "1. ".repeat(DEPTH)),
        format!("{}слово", "> - ".repeat(DEPTH / 2)),
    ] {
        let (rendered, took) = render_small_stack(source);
        let html = &rendered.html;
        assert!(took < Duration::from_secs(2), "{took:?}");
        let containers: usize = ["<blockquote>", "<ul>", "<ol"].iter().map(|tag| html.matches(tag).count()).sum();
        assert_eq!(containers, MAX_NESTING);
        assert_eq!(html.matches("</li>").count(), html.matches("<li>").count());
        assert!(html.contains("слово"));
        assert_eq!(rendered.text, "слово");
    }
}

#[test]
fn flattened_list_items_keep_their_words_apart() {
    let nested = (0..MAX_NESTING + 1).map(|level| format!("{}- уровень\n", "  ".repeat(level))).collect::<String>();
    let rendered = render(&format!("{nested}{}- соседний\n", "  ".repeat(MAX_NESTING)), &PhotoResolver::default());
    assert!(rendered.html.contains("уровень\nсоседний"), "{}", rendered.html);
    assert_eq!(rendered.html.matches("<ul>").count(), MAX_NESTING);
}

#[test]
fn deeply_nested_inline_markup_and_raw_html_render_quickly() {
    for source in [
        format!("{}x{}", "*".repeat(DEPTH), "*".repeat(DEPTH)),
        format!("{}x{}", "*a **b ~~c ".repeat(DEPTH / 3), " c~~ b** a*".repeat(DEPTH / 3)),
        format!("{}x{}", "*[a ".repeat(DEPTH), "](https://a.ru) a*".repeat(DEPTH)),
        format!("{}x{}", "![".repeat(DEPTH), "](https://a.ru)".repeat(DEPTH)),
        format!("{}x", "<div>".repeat(DEPTH)),
        format!("a {}x", "<em>".repeat(DEPTH)),
        format!("|a|b|\n|-|-|\n{}", "|*x*|[y](https://a.ru)|\n".repeat(DEPTH)),
    ] {
        let (rendered, took) = render_small_stack(source);
        assert!(took < Duration::from_secs(2), "{took:?}");
        assert!(rendered.text.contains('x'));
    }
}

#[test]
fn a_megabyte_of_paragraphs_renders_in_reasonable_time() {
    let (rendered, took) = render_small_stack("Абзац с *выделением* и [ссылкой](https://a.ru).\n\n".repeat(20_000));
    assert!(took < Duration::from_secs(3), "{took:?}");
    assert_eq!(rendered.paragraphs, 20_000);
}

//! Benign Markdown keeps its structure; the item's own photos show, other images do not.

use super::*;
use crate::ids::MediaId;

pub(super) const OWN: &str = "0192f0c4-5b7e-7000-8000-000000000001";
pub(super) const OWN_URL: &str = "https://cdn.example.org/m/1.jpg";

pub(super) fn photos() -> PhotoResolver {
    let id: MediaId = OWN.parse().unwrap();
    PhotoResolver::new("https://cabinet.example.org/")
        .with(id, Photo { url: OWN_URL.into(), width: Some(1290), height: Some(860) })
}

fn html(source: &str) -> String {
    render(source, &photos()).html
}

#[test]
fn news_body_keeps_headings_lists_links_quotes_emphasis_tables_and_own_photo() {
    let source = format!(
        "# Собрание\n\nТекст *важный* и **очень**.\n\n- один\n- [два](https://example.org/a?b=1&c=2 \"t\")\n\n\
         > цитата\n\n| a | b |\n|:-|-:|\n| 1 | 2 |\n\n![Зал](media:{OWN})\n\nстрока  \nдругая `код`\n"
    );
    let expected = "<h2>Собрание</h2>\n\
        <p>Текст <em>важный</em> и <strong>очень</strong>.</p>\n\
        <ul>\n<li>один</li>\n\
        <li><a href=\"https://example.org/a?b=1&amp;c=2\" title=\"t\" rel=\"noopener noreferrer nofollow\">два</a></li>\n\
        </ul>\n\
        <blockquote>\n<p>цитата</p>\n</blockquote>\n\
        <table><thead><tr><th>a</th><th>b</th></tr></thead><tbody>\n<tr><td>1</td><td>2</td></tr>\n</tbody></table>\n\
        <p><img src=\"https://cdn.example.org/m/1.jpg\" alt=\"Зал\" width=\"1290\" height=\"860\" loading=\"lazy\"></p>\n\
        <p>строка<br>\nдругая <code>код</code></p>\n";
    let rendered = render(&source, &photos());
    assert_eq!(rendered.html, expected);
    assert_eq!(
        rendered.text,
        "Собрание\n\nТекст важный и очень.\n\nодин\nдва\n\nцитата\n\na b\n1 2\n\nЗал\n\nстрока\nдругая код"
    );
    assert_eq!(rendered.paragraphs, 3, "the quoted paragraph is not counted");
}

#[test]
fn headings_stay_between_h2_and_h4() {
    assert_eq!(
        html("# a\n## b\n### c\n#### d\n##### e\n###### f"),
        "<h2>a</h2>\n<h2>b</h2>\n<h3>c</h3>\n<h4>d</h4>\n<h4>e</h4>\n<h4>f</h4>\n"
    );
    assert_eq!(html("a\n===\n\nb\n---"), "<h2>a</h2>\n<h2>b</h2>\n");
}

#[test]
fn own_photo_is_found_by_media_id_public_url_or_its_own_url() {
    let expected = format!("<p><img src=\"{OWN_URL}\" alt=\"x\" width=\"1290\" height=\"860\" loading=\"lazy\"></p>\n");
    for target in [
        format!("media:{OWN}"),
        format!("MEDIA:{}", OWN.to_uppercase()),
        format!("https://cabinet.example.org/media/{OWN}"),
        OWN_URL.to_owned(),
    ] {
        assert_eq!(html(&format!("![x]({target})")), expected, "{target}");
    }
}

#[test]
fn other_images_become_their_alt_text() {
    let stranger = "0192f0c4-5b7e-7000-8000-0000000000ff";
    for target in [
        "https://evil.example/track.gif".to_owned(),
        format!("media:{stranger}"),
        format!("https://cabinet.example.org/media/{stranger}"),
        format!("https://elsewhere.example/media/{OWN}"),
        "media:not-a-uuid".to_owned(),
    ] {
        assert_eq!(html(&format!("![подпись *с выделением*]({target})")), "<p>подпись <em>с выделением</em></p>\n");
    }
}

#[test]
fn photo_alt_text_is_escaped_and_flattened() {
    let rendered = html(&format!("![a \"b\" <i>c</i> *d*]({OWN_URL})"));
    assert!(rendered.contains(r#"alt="a &quot;b&quot; &lt;i&gt;c&lt;/i&gt; d""#), "{rendered}");
    let without_size =
        PhotoResolver::new("").with(OWN.parse().unwrap(), Photo { url: OWN_URL.into(), width: None, height: None });
    assert_eq!(
        render(&format!("![]({OWN_URL})"), &without_size).html,
        format!("<p><img src=\"{OWN_URL}\" alt=\"\" loading=\"lazy\"></p>\n")
    );
}

#[test]
fn links_keep_only_http_https_and_mailto_targets() {
    let rel = r#"rel="noopener noreferrer nofollow""#;
    assert_eq!(html("[a](http://a.ru)"), format!("<p><a href=\"http://a.ru\" {rel}>a</a></p>\n"));
    assert_eq!(html("[a](mailto:ivan@a.ru)"), format!("<p><a href=\"mailto:ivan@a.ru\" {rel}>a</a></p>\n"));
    assert_eq!(html("<ivan@a.ru>"), format!("<p><a href=\"mailto:ivan@a.ru\" {rel}>ivan@a.ru</a></p>\n"));
    assert_eq!(html("<https://a.ru/x>"), format!("<p><a href=\"https://a.ru/x\" {rel}>https://a.ru/x</a></p>\n"));
    // A link to one of the item's photos points at the photo.
    assert_eq!(html(&format!("[фото](media:{OWN})")), format!("<p><a href=\"{OWN_URL}\" {rel}>фото</a></p>\n"));
    // Relative targets would resolve against whichever site embeds the body.
    for target in ["/news/1", "news", "#top", "//evil.example/", "ftp://a.ru", "tel:+7900", "media:x"] {
        assert_eq!(html(&format!("[текст]({target})")), "<p>текст</p>\n", "{target}");
    }
}

#[test]
fn raw_html_is_shown_as_text() {
    assert_eq!(html("a <b>b</b> <!-- c -->"), "<p>a &lt;b&gt;b&lt;/b&gt; &lt;!-- c --&gt;</p>\n");
    assert_eq!(html("<div>\nблок\n</div>"), "<p>&lt;div&gt;\nблок\n&lt;/div&gt;</p>\n");
    let rendered = render("<p>один</p>\n\nдва", &photos());
    assert_eq!((rendered.text.as_str(), rendered.paragraphs), ("<p>один</p>\n\nдва", 2));
}

#[test]
fn code_ordered_lists_rules_and_strikethrough_survive_without_classes() {
    assert_eq!(html("```rust\nlet a = 1 < 2;\n```"), "<pre><code>let a = 1 &lt; 2;\n</code></pre>\n");
    assert_eq!(html("3. три\n4. четыре"), "<ol start=\"3\">\n<li>три</li>\n<li>четыре</li>\n</ol>\n");
    assert_eq!(html("a\n\n***\n\n~~b~~"), "<p>a</p>\n<hr>\n<p><del>b</del></p>\n");
    // Task lists are not enabled: no `<input>`.
    assert_eq!(html("- [x] сделано"), "<ul>\n<li>[x] сделано</li>\n</ul>\n");
}

#[test]
fn paragraphs_are_counted_at_the_top_level_only() {
    let rendered = render("Лид.\n\nПервый.\n\n> В цитате.\n\n- пункт\n\n  абзац в пункте\n\nВторой.", &photos());
    assert_eq!(rendered.paragraphs, 3);
    assert_eq!(render("", &photos()), Rendered { html: String::new(), text: String::new(), paragraphs: 0 });
}

//! The first layer: Markdown events rewritten so that only the markup we allow can be written.

use std::fmt::Write as _;

use pulldown_cmark::{Alignment, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Tag, TagEnd};

use super::photos::{Photo, PhotoResolver};
use super::plain_text::PlainText;

/// Link targets a reader may follow; relative ones would resolve against whichever site embeds
/// the HTML headlessly, so they are not allowed either.
const LINK_SCHEMES: [&str; 3] = ["http:", "https:", "mailto:"];

/// Quotes and lists nested deeper than this are flattened: their content stays, their tags go.
/// html5ever spends time quadratic in the depth of open elements (10 000 nested lists took
/// 0.7 s, 40 000 took 16 s), and no news item needs more than a few levels.
pub(super) const MAX_NESTING: usize = 16;

/// Events in, rewritten events out, with the plain text and paragraph count gathered on the way.
pub(super) struct Rewrite<'a, 'p> {
    photos: &'p PhotoResolver,
    out: Vec<Event<'a>>,
    text: PlainText,
    /// For each open link, whether its `<a>` was written (a refused target keeps only the text).
    links: Vec<bool>,
    /// An allowed photo whose alt text is being collected; everything until its end goes there.
    image: Option<OpenImage<'p>>,
    /// Open blockquotes and lists, written or flattened: paragraphs inside them do not count.
    containers: usize,
    paragraphs: usize,
}

struct OpenImage<'p> {
    photo: &'p Photo,
    alt: String,
    /// Tags opened inside the alt text (emphasis, a nested image) not yet closed.
    depth: usize,
}

impl<'a, 'p> Rewrite<'a, 'p> {
    pub(super) fn new(photos: &'p PhotoResolver) -> Self {
        Self {
            photos,
            out: Vec::new(),
            text: PlainText::default(),
            links: Vec::new(),
            image: None,
            containers: 0,
            paragraphs: 0,
        }
    }

    pub(super) fn push(&mut self, event: Event<'a>) {
        if self.image.is_some() {
            self.push_alt(event);
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            // Raw HTML is shown as what it is, text; so is math, which we do not enable.
            Event::Text(text)
            | Event::Html(text)
            | Event::InlineHtml(text)
            | Event::InlineMath(text)
            | Event::DisplayMath(text) => {
                self.text.push(&text);
                self.out.push(Event::Text(text));
            }
            Event::Code(code) => {
                self.text.push(&code);
                self.out.push(Event::Code(code));
            }
            Event::SoftBreak => {
                self.text.push(" ");
                self.out.push(Event::SoftBreak);
            }
            Event::HardBreak => {
                self.text.line();
                self.out.push(Event::HardBreak);
            }
            Event::Rule => {
                self.text.block();
                self.out.push(Event::Rule);
            }
            // Not enabled; they would write `<sup>` with ids or an `<input>`.
            Event::FootnoteReference(_) | Event::TaskListMarker(_) => {}
        }
    }

    /// The events to write as HTML, the plain text and the top-level paragraph count.
    pub(super) fn finish(self) -> (Vec<Event<'a>>, String, usize) {
        (self.out, self.text.finish(), self.paragraphs)
    }

    fn start(&mut self, tag: Tag<'a>) {
        if matches!(tag, Tag::BlockQuote(_) | Tag::List(_)) {
            self.containers += 1;
        }
        // An item belongs to the list just counted: flattened with it.
        if matches!(tag, Tag::BlockQuote(_) | Tag::List(_) | Tag::Item) && self.containers > MAX_NESTING {
            return;
        }
        let tag = match tag {
            Tag::Heading { level, .. } => {
                Tag::Heading { level: heading(level), id: None, classes: Vec::new(), attrs: Vec::new() }
            }
            // A GFM alert kind would become a class attribute.
            Tag::BlockQuote(_) => Tag::BlockQuote(None),
            // The language would become a class attribute; nothing highlights it anyway.
            Tag::CodeBlock(_) => Tag::CodeBlock(CodeBlockKind::Indented),
            // Raw HTML becomes a paragraph of visible text.
            Tag::HtmlBlock => Tag::Paragraph,
            // Alignment is written as a `style` attribute, which the sanitizer refuses.
            Tag::Table(columns) => Tag::Table(vec![Alignment::None; columns.len()]),
            Tag::Link { link_type, dest_url, title, id } => match self.link_target(link_type, dest_url) {
                Some((link_type, dest_url)) => {
                    self.links.push(true);
                    Tag::Link { link_type, dest_url, title, id }
                }
                None => {
                    self.links.push(false);
                    return;
                }
            },
            Tag::Image { dest_url, .. } => {
                // A foreign image is skipped here and its alt text flows on as ordinary text.
                if let Some(photo) = self.photos.resolve(&dest_url) {
                    self.image = Some(OpenImage { photo, alt: String::new(), depth: 0 });
                }
                return;
            }
            other => other,
        };
        self.out.push(Event::Start(tag));
    }

    fn end(&mut self, tag: TagEnd) {
        let tag = match tag {
            TagEnd::Heading(level) => {
                self.text.block();
                TagEnd::Heading(heading(level))
            }
            TagEnd::Paragraph | TagEnd::HtmlBlock => {
                if self.containers == 0 {
                    self.paragraphs += 1;
                }
                self.text.block();
                TagEnd::Paragraph
            }
            TagEnd::BlockQuote(_) | TagEnd::List(_) => {
                let flattened = self.containers > MAX_NESTING;
                self.containers = self.containers.saturating_sub(1);
                self.text.block();
                if flattened {
                    return;
                }
                if matches!(tag, TagEnd::BlockQuote(_)) { TagEnd::BlockQuote(None) } else { tag }
            }
            // A flattened item's words must not run into the next item's.
            TagEnd::Item if self.containers > MAX_NESTING => {
                self.text.line();
                self.out.push(Event::SoftBreak);
                return;
            }
            TagEnd::CodeBlock | TagEnd::Table => {
                self.text.block();
                tag
            }
            TagEnd::Item | TagEnd::TableHead | TagEnd::TableRow => {
                self.text.line();
                tag
            }
            TagEnd::TableCell => {
                self.text.push(" ");
                tag
            }
            TagEnd::Link => {
                if self.links.pop() != Some(true) {
                    return;
                }
                tag
            }
            // Only a foreign image ends here (an allowed one ends in `push_alt`): nothing to close.
            TagEnd::Image => return,
            other => other,
        };
        self.out.push(Event::End(tag));
    }

    /// Where a link may point, if anywhere: one of the item's photos or an allowed scheme.
    fn link_target(&self, link_type: LinkType, dest_url: CowStr<'a>) -> Option<(LinkType, CowStr<'a>)> {
        if let Some(photo) = self.photos.resolve(&dest_url) {
            return Some((LinkType::Inline, CowStr::from(photo.url.clone())));
        }
        // An e-mail autolink (`<a@b.ru>`) carries the bare address; the writer adds `mailto:`.
        let allowed = link_type == LinkType::Email
            || LINK_SCHEMES
                .iter()
                .any(|scheme| dest_url.get(..scheme.len()).is_some_and(|s| s.eq_ignore_ascii_case(scheme)));
        allowed.then_some((link_type, dest_url))
    }

    fn push_alt(&mut self, event: Event<'a>) {
        let Some(image) = self.image.as_mut() else { return };
        match event {
            Event::Start(_) => image.depth += 1,
            Event::End(_) if image.depth > 0 => image.depth -= 1,
            Event::End(_) => {
                let html = img(image.photo, &image.alt);
                self.image = None;
                self.out.push(Event::Html(html.into()));
            }
            Event::Text(text) | Event::Code(text) | Event::Html(text) | Event::InlineHtml(text) => {
                image.alt.push_str(&text);
                self.text.push(&text);
            }
            Event::SoftBreak | Event::HardBreak => {
                image.alt.push(' ');
                self.text.push(" ");
            }
            _ => {}
        }
    }
}

/// The page has its own `h1` and a news body needs no more than three levels below it.
fn heading(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 | HeadingLevel::H2 => HeadingLevel::H2,
        HeadingLevel::H3 => HeadingLevel::H3,
        HeadingLevel::H4 | HeadingLevel::H5 | HeadingLevel::H6 => HeadingLevel::H4,
    }
}

fn img(photo: &Photo, alt: &str) -> String {
    let mut html = format!(r#"<img src="{}" alt="{}""#, escape(&photo.url), escape(alt.trim()));
    // Writing to a String cannot fail.
    if let Some(width) = photo.width {
        let _ = write!(html, r#" width="{width}""#);
    }
    if let Some(height) = photo.height {
        let _ = write!(html, r#" height="{height}""#);
    }
    html.push_str(r#" loading="lazy">"#);
    html
}

fn escape(value: &str) -> String {
    let mut escaped = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

//! Reading headline, lead and Markdown body the way the §5.4 checks need: words with their
//! positions, and the body's paragraphs.

use std::ops::Range;

use serde::Serialize;

/// Where something is in a field, as the author's editor counts: characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Position {
    /// Characters before it in the field, from 0.
    pub offset: usize,
    /// From 1.
    pub line: usize,
    /// Characters before it on its line, plus one.
    pub column: usize,
}

/// A run of letters in a field's text.
#[derive(Debug, Clone, Copy)]
pub(super) struct Word<'a> {
    pub text: &'a str,
    /// Byte range in the field, for looking at what surrounds the word.
    pub bytes: (usize, usize),
    pub position: Position,
}

/// The words of `text`, skipping web and e-mail addresses and link destinations, whose letters
/// are not prose (`https://example.org/NEWS`).
pub(super) fn words(text: &str) -> Vec<Word<'_>> {
    let hidden = addresses(text);
    let mut found = Vec::new();
    let mut position = Position { offset: 0, line: 1, column: 1 };
    let mut start: Option<(usize, Position)> = None;
    for (i, c) in text.char_indices() {
        if c.is_alphabetic() {
            start.get_or_insert((i, position));
        } else if let Some((from, at)) = start.take() {
            found.push(Word { text: &text[from..i], bytes: (from, i), position: at });
        }
        position.offset += 1;
        if c == '\n' {
            position.line += 1;
            position.column = 1;
        } else {
            position.column += 1;
        }
    }
    if let Some((from, at)) = start {
        found.push(Word { text: &text[from..], bytes: (from, text.len()), position: at });
    }
    found.retain(|w| !inside(&hidden, w.bytes.0));
    found
}

/// Byte ranges of link destinations `](…)`, bare web addresses and e-mail addresses, sorted
/// and merged. Each search resumes where the last ended, so this stays linear in the text.
fn addresses(text: &str) -> Vec<Range<usize>> {
    let mut hidden = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("](") {
        let start = from + i + 2;
        let end = text[start..].find(')').map_or(text.len(), |j| start + j);
        hidden.push(start..end);
        from = end;
    }
    for prefix in ["http://", "https://", "www."] {
        let mut from = 0;
        while let Some(i) = text[from..].find(prefix) {
            let start = from + i;
            let end =
                text[start..].find(|c: char| c.is_whitespace() || ")>]".contains(c)).map_or(text.len(), |j| start + j);
            hidden.push(start..end);
            from = end;
        }
    }
    let mut chunk = 0;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        if c.is_whitespace() {
            if text[chunk..i].contains('@') {
                hidden.push(chunk..i);
            }
            chunk = i + c.len_utf8();
        }
    }
    hidden.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(hidden.len());
    for range in hidden {
        match merged.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    merged
}

/// Whether byte `at` lies in one of the sorted, disjoint `ranges`.
fn inside(ranges: &[Range<usize>], at: usize) -> bool {
    let after = ranges.partition_point(|r| r.start <= at);
    after > 0 && ranges[after - 1].contains(&at)
}

/// How many paragraphs of text a Markdown body has, as the author sees them.
///
/// A paragraph is a block of non-blank lines between blank lines. A list or a quote block
/// counts as one paragraph: it is part of the message. Headings, horizontal rules and blocks
/// made only of images are not text and do not count.
pub(super) fn paragraphs(body: &str) -> usize {
    let mut count = 0;
    let mut block: Vec<&str> = Vec::new();
    for line in body.lines().chain(std::iter::once("")) {
        if !line.trim().is_empty() {
            block.push(line.trim());
            continue;
        }
        if !block.is_empty() && is_text(&block) {
            count += 1;
        }
        block.clear();
    }
    count
}

fn is_text(block: &[&str]) -> bool {
    let (Some(first), Some(last)) = (block.first(), block.last()) else { return false };
    let hashes = first.chars().take_while(|&c| c == '#').count();
    let atx_heading = (1..=6).contains(&hashes) && first[hashes..].chars().next().is_none_or(char::is_whitespace);
    // `Heading` over a line of `===` or `---` is a heading too (setext).
    let setext_heading = block.len() >= 2 && is_rule(last) && !last.contains(['*', '_']);
    let only_images = block.iter().all(|line| without_images(line).trim().is_empty());
    !(atx_heading || (block.len() == 1 && is_rule(first)) || setext_heading || only_images)
}

/// A line of three or more `-`, `*`, `_` or `=` (spaces between allowed).
fn is_rule(line: &str) -> bool {
    let marks: Vec<char> = line.chars().filter(|c| !c.is_whitespace()).collect();
    marks.len() >= 3 && matches!(marks[0], '-' | '*' | '_' | '=') && marks.iter().all(|&c| c == marks[0])
}

/// The line with every `![alt](src)` removed, then the empty `[](href)` links that wrapped them.
fn without_images(line: &str) -> String {
    let mut rest = line.to_owned();
    for opener in ["![", "[]("] {
        let mut kept = String::with_capacity(rest.len());
        let mut tail = rest.as_str();
        while let Some(start) = tail.find(opener) {
            let close =
                tail[start..].find("](").and_then(|mid| tail[start + mid..].find(')').map(|end| start + mid + end));
            let Some(end) = close else { break };
            kept.push_str(&tail[..start]);
            tail = &tail[end + 1..];
        }
        kept.push_str(tail);
        rest = kept;
    }
    rest
}

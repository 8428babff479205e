//! The plain text of a news body, for feeds and search, gathered while the events are rewritten.

/// Text without markup: blocks apart by a blank line, list items and rows on lines of their own.
#[derive(Default)]
pub(super) struct PlainText(String);

impl PlainText {
    pub(super) fn push(&mut self, text: &str) {
        self.0.push_str(text);
    }

    pub(super) fn line(&mut self) {
        self.0.truncate(self.0.trim_end_matches([' ', '\t']).len());
        if !self.0.is_empty() && !self.0.ends_with('\n') {
            self.0.push('\n');
        }
    }

    pub(super) fn block(&mut self) {
        self.line();
        if !self.0.is_empty() && !self.0.ends_with("\n\n") {
            self.0.push('\n');
        }
    }

    pub(super) fn finish(self) -> String {
        self.0.trim().to_owned()
    }
}

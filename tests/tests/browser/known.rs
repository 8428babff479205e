//! Problems the checks find on today's pages, each to be fixed in `http/`. An entry silences
//! the problem on that page only; an entry that no longer happens fails the test, so remove it
//! in the change that fixes the page. Empty lists are the goal.

/// A known problem: the snapshot name (without `-nojs`), and what identifies the problem — an
/// axe rule id, or a part of a layout or Nu Html Checker message.
pub struct Known {
    pub page: &'static str,
    pub problem: &'static str,
    /// Why it happens and how to fix it.
    #[allow(dead_code)]
    pub why: &'static str,
}

/// axe-core (WCAG 2.1 A and AA) violations.
pub const AXE: &[Known] = &[];

/// Layout problems at 1280 or 375 px.
pub const LAYOUT: &[Known] = &[];

/// Nu Html Checker errors.
pub const VNU: &[Known] = &[];

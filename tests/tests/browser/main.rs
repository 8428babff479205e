//! Journeys through the server-rendered pages in real headless Chromium, as a new user would
//! walk them: each journey runs twice, with JavaScript on and with JavaScript off. Every page a
//! journey snapshots is screenshotted at 1280 and 375 px, checked for overflow and overlaps,
//! held to axe-core (WCAG 2.1 AA) and, as the server sent it, to the Nu Html Checker.
//!
//! Needs `CABINET_TEST_CHROMEDRIVER`, `CABINET_TEST_AXE` and `CABINET_TEST_VNU`
//! (`eval "$(.ci/install-browser)"` sets them); without them the tests print a note and pass,
//! unless `CABINET_TEST_REQUIRE_SERVICES=1`. See [`harness`] for the conventions pages follow.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[macro_use]
mod harness;
mod known;

mod administration;
mod errors;
mod news;
mod onboarding;
mod password_reset;
mod reports;
mod selftest;

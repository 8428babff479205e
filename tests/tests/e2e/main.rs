//! End-to-end tests of the real application; one binary keeps link times down.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod access_requests;
mod accounts;
mod appeals;
mod backup;
mod bad_input;
mod client_address;
mod concurrent_writes;
mod galleries;
mod isolation;
mod jobs;
mod materials;
mod media;
mod news;
mod openapi;
mod page_documents;
mod pages;
mod permissions;
mod profiles;
mod public;
mod reports;
mod route_table;
mod sessions;
mod stale_witness;
mod throttle;
mod tokens;

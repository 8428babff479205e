use super::*;

pub(crate) const MEMBERSHIP: &str = include_str!("../../testdata/membership.json");

pub(crate) fn membership() -> Form {
    load(MEMBERSHIP.as_bytes(), &Limits::default()).unwrap_or_else(|p| panic!("{p:#?}"))
}

#[test]
fn the_example_plugin_loads() {
    let form = membership();
    assert_eq!(form.plugin().id, "1-sp");
}

//! Template helpers, registered in one place: how pages write moments for people.

use handlebars::{Context, Handlebars, Helper, HelperResult, Output, RenderContext, RenderErrorReason};
use serde_json::Value;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

pub fn register(registry: &mut Handlebars<'static>) {
    registry.register_helper("moment", Box::new(moment));
    registry.register_helper("period_name", Box::new(period_name));
}

/// `{{period_name p}}`: a report period's id (`2026S1`) as a person says it («1-е полугодие
/// 2026 г.»); an id that does not parse as it is. Not `period`: a bare `{{period}}` field would
/// call the helper.
fn period_name(
    h: &Helper<'_>,
    _: &Handlebars<'_>,
    _: &Context,
    _: &mut RenderContext<'_, '_>,
    out: &mut dyn Output,
) -> HelperResult {
    if let Some(id) = first(h, "period_name")?.as_str() {
        out.write(&super::when::period(id))?;
    }
    Ok(())
}

/// The value of the helper's first parameter.
fn first<'a>(h: &'a Helper<'_>, helper: &'static str) -> Result<&'a Value, RenderErrorReason> {
    h.param(0).map(|p| p.value()).ok_or(RenderErrorReason::ParamNotFoundForIndex(helper, 0))
}

/// `{{moment x}}`: `x` is milliseconds since the epoch or an RFC 3339 time; nothing for null.
fn moment(
    h: &Helper<'_>,
    _: &Handlebars<'_>,
    _: &Context,
    _: &mut RenderContext<'_, '_>,
    out: &mut dyn Output,
) -> HelperResult {
    let value = first(h, "moment")?;
    let at = match value {
        Value::Number(n) => {
            n.as_i64().and_then(|ms| OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).ok())
        }
        Value::String(s) => OffsetDateTime::parse(s, &Rfc3339).ok(),
        _ => None,
    };
    if let Some(at) = at {
        out.write(&super::when::moment_at(at))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn a_period_is_written_as_a_person_says_it_even_where_a_field_has_the_helpers_name() {
        let mut registry = handlebars::Handlebars::new();
        registry.set_strict_mode(true);
        super::register(&mut registry);
        let template = "{{#each items}}{{period}}: {{period_name period}}; {{/each}}{{period_name one}}";
        let data = json!({ "items": [{ "period": "2026S1" }, { "period": "2026-03" }], "one": "abc" });
        let shown = registry.render_template(template, &data).unwrap();
        assert_eq!(shown, "2026S1: 1-е полугодие 2026 г.; 2026-03: март 2026 г.; abc");
    }
}

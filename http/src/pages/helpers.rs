//! Template helpers, registered in one place: how pages write moments for people.

use handlebars::{Context, Handlebars, Helper, HelperResult, Output, RenderContext, RenderErrorReason};
use serde_json::Value;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

pub fn register(registry: &mut Handlebars<'static>) {
    registry.register_helper("moment", Box::new(moment));
}

/// `{{moment x}}`: `x` is milliseconds since the epoch or an RFC 3339 time; nothing for null.
fn moment(
    h: &Helper<'_>,
    _: &Handlebars<'_>,
    _: &Context,
    _: &mut RenderContext<'_, '_>,
    out: &mut dyn Output,
) -> HelperResult {
    let value = h.param(0).map(|p| p.value()).ok_or(RenderErrorReason::ParamNotFoundForIndex("moment", 0))?;
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

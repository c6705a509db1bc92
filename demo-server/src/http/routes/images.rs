//! `/Items/{id}/Images/{type}[/{index}]`: generated artwork, no auth, strongly cached when
//! the request names the tag (the tag changes whenever the image would). SVG unless the
//! client asks for a raster `format` (Jpg, Png), as Jellyfin converts on request.

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;

use crate::http::ctx::Ctx;
use crate::http::respond::Reject;
use crate::library::images::svg;
use crate::library::images::{jpeg, png, raster};
use crate::library::rng::hex;
use crate::library::Kind;
use crate::AppState;

const MAX_SIDE: u32 = 4096;

/// Output size: fillWidth×fillHeight, else scaled from max/fill bounds, else a default,
/// always keeping the image's natural aspect ratio when only one side is given.
fn size(ctx: &Ctx, aspect: f64, default_width: u32) -> (u32, u32) {
    let dim = |name: &str| {
        ctx.query
            .get(name)
            .and_then(|v| v.parse::<f64>().ok())
            .filter(|v| *v >= 1.0)
    };
    let w = dim("fillwidth")
        .or_else(|| dim("maxwidth"))
        .or_else(|| dim("width"));
    let h = dim("fillheight")
        .or_else(|| dim("maxheight"))
        .or_else(|| dim("height"));
    let (w, h) = match (w, h) {
        (Some(w), Some(h)) => (w, h),
        (Some(w), None) => (w, w / aspect),
        (None, Some(h)) => (h * aspect, h),
        (None, None) => (default_width as f64, default_width as f64 / aspect),
    };
    let clamp = |v: f64| (v.round() as u32).clamp(1, MAX_SIDE);
    (clamp(w), clamp(h))
}

enum Format {
    Svg,
    Jpeg,
    Png,
}

impl Format {
    /// Jellyfin's `ImageFormat` names; a format we cannot write (Webp, Gif, Bmp) gets PNG,
    /// still a raster the client can show, rather than the original SVG.
    fn asked(ctx: &Ctx) -> Format {
        match ctx
            .query
            .get("format")
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("jpg" | "jpeg") => Format::Jpeg,
            Some("png" | "webp" | "gif" | "bmp") => Format::Png,
            _ => Format::Svg,
        }
    }
}

fn etag_matches(headers: &HeaderMap, etag: &str) -> bool {
    let Some(value) = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    value
        .split(',')
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == "*" || t == etag)
}

pub async fn image(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> Result<Response, Reject> {
    let kind = ctx.param("imageType").to_ascii_lowercase();
    let index: u32 = ctx.param("imageIndex").parse().unwrap_or(0);
    let id = ctx.param("itemId");
    // (tag, name, id, aspect, default width)
    let found = {
        let lib = state.read();
        if let Some(idx) = lib.find(id) {
            let item = lib.item(idx);
            let poster = if matches!(item.kind, Kind::Episode | Kind::CollectionFolder) {
                16.0 / 9.0
            } else {
                2.0 / 3.0
            };
            match (kind.as_str(), index) {
                ("primary", 0) => item.primary_tag.map(|t| {
                    (
                        t,
                        item.name.clone(),
                        item.id,
                        poster,
                        if poster > 1.0 { 640 } else { 400 },
                    )
                }),
                ("backdrop", 0) => item
                    .backdrop_tag
                    .map(|t| (t, item.name.clone(), item.id, 16.0 / 9.0, 1280)),
                _ => None,
            }
        } else if let Some(person) = lib.find_person(id) {
            match (kind.as_str(), index) {
                ("primary", 0) => person
                    .image_tag
                    .map(|t| (t, person.name.clone(), person.id, 2.0 / 3.0, 300)),
                _ => None,
            }
        } else {
            None
        }
    };
    let (tag, name, item_id, aspect, default_width) =
        found.ok_or_else(|| Reject::status(StatusCode::NOT_FOUND))?;
    let etag = format!("\"{}\"", hex(tag));
    let cache = if ctx.query.get("tag").is_some() {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let mut resp = if etag_matches(&headers, &etag) {
        let mut r = Response::new(Body::empty());
        *r.status_mut() = StatusCode::NOT_MODIFIED;
        r
    } else {
        let (w, h) = size(&ctx, aspect, default_width);
        let (body, content_type) = match Format::asked(&ctx) {
            Format::Jpeg => {
                let quality = ctx
                    .query
                    .usize("quality")
                    .map_or(90, |q| q.clamp(1, 100) as u8);
                let pixels = raster::poster(item_id, w, h);
                (
                    jpeg::encode(&pixels, w as u16, h as u16, quality),
                    "image/jpeg",
                )
            }
            Format::Png => (
                png::encode(&raster::poster(item_id, w, h), w, h),
                "image/png",
            ),
            Format::Svg => {
                let label = ctx.param("imageType").to_string();
                let svg = svg::render(&name, &label, item_id, w, h);
                (svg.into_bytes(), "image/svg+xml")
            }
        };
        let mut r = Response::new(Body::from(body));
        r.headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        r
    };
    let h = resp.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    Ok(resp)
}

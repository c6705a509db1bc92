//! Image URLs. Image endpoints need no auth; the `tag` is the cache key the server keys its
//! strong caching on, so it is always sent.

use crate::percent;

/// `{base}/Items/{id}/Images/{type}?tag=..&fillWidth=..`. `image_type` is `Primary`,
/// `Backdrop`, `Thumb`, ... (an [`ImageType`](crate::jellyfin::ImageType) or its name).
pub fn image_url(
    base: &str,
    item_id: &str,
    image_type: impl AsRef<str>,
    tag: &str,
    fill_width: impl Into<Option<u32>>,
) -> String {
    let mut url = format!(
        "{}/Items/{}/Images/{}?tag={}",
        base.trim_end_matches('/'),
        percent::encode(item_id),
        percent::encode(image_type.as_ref()),
        percent::encode(tag)
    );
    if let Some(width) = fill_width.into() {
        url.push_str(&format!("&fillWidth={width}"));
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jellyfin::ImageType;

    #[test]
    fn builds_tagged_urls() {
        assert_eq!(
            image_url("http://h/jf/", "abc", ImageType::Primary, "t1", 300),
            "http://h/jf/Items/abc/Images/Primary?tag=t1&fillWidth=300"
        );
        assert_eq!(
            image_url("http://h", "abc", "Backdrop", "t 2", None),
            "http://h/Items/abc/Images/Backdrop?tag=t%202"
        );
    }
}

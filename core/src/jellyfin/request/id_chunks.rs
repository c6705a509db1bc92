//! Requests that carry `Ids=`, split so each request line stays short. Jellyfin runs on
//! Kestrel, which answers 414 to a request line over 8 KB; a library sync that asks for every
//! new id at once would fail the same way forever. 4 KB leaves room for proxies with smaller
//! limits.

use super::ApiRequest;
use crate::percent;

/// The longest request line (`GET /path?query HTTP/1.1`) Marquee sends.
pub const MAX_REQUEST_LINE: usize = 4096;
/// Kept free for a path prefix in the server address (`https://host/jellyfin`).
const BASE_PATH_ALLOWANCE: usize = 256;

/// The request line's length for `request` below a server at the root.
pub fn request_line_len(request: &ApiRequest) -> usize {
    request.method.as_str().len() + 1 + request.url("").len() + " HTTP/1.1".len()
}

/// `build` for consecutive runs of `ids`, in order, each request line at most
/// [`MAX_REQUEST_LINE`] minus room for a base path. Every id is in exactly one request; an
/// empty `ids` gives no request.
pub fn requests_for_ids(
    ids: &[String],
    build: impl Fn(&[String]) -> ApiRequest,
) -> Vec<ApiRequest> {
    let budget = MAX_REQUEST_LINE - BASE_PATH_ALLOWANCE;
    let mut requests = Vec::new();
    let mut start = 0;
    while start < ids.len() {
        // The line with one id, then each further id adds a comma and itself.
        let mut len = request_line_len(&build(&ids[start..start + 1]));
        let mut end = start + 1;
        while end < ids.len() {
            let more = 1 + percent::encode_query_value(&ids[end]).len();
            if len + more > budget {
                break;
            }
            len += more;
            end += 1;
        }
        requests.push(build(&ids[start..end]));
        start = end;
    }
    requests
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex_id(n: usize) -> String {
        format!("{n:032x}")
    }

    fn build(ids: &[String]) -> ApiRequest {
        ApiRequest::get("/Items")
            .with_query("ParentId", "f".repeat(32))
            .with_query("Fields", "SortName,DateCreated,Etag,Genres")
            .with_query("Ids", ids.join(","))
    }

    #[test]
    fn long_lists_split_under_the_limit_in_order() {
        let ids: Vec<String> = (0..1000).map(hex_id).collect();
        let requests = requests_for_ids(&ids, build);
        assert!(requests.len() > 1, "1000 ids need several requests");
        let mut seen = Vec::new();
        for request in &requests {
            let line = request_line_len(request);
            assert!(line <= MAX_REQUEST_LINE - BASE_PATH_ALLOWANCE, "{line}");
            seen.extend(
                request
                    .query_value("Ids")
                    .unwrap()
                    .split(',')
                    .map(str::to_string),
            );
        }
        assert_eq!(seen, ids, "every id once, in order");
        // Full requests: no more requests than needed.
        let per_request = ids.len().div_ceil(requests.len());
        assert!(per_request > 90, "{per_request} ids per request");
    }

    #[test]
    fn short_lists_stay_whole_and_empty_sends_nothing() {
        let ids: Vec<String> = (0..3).map(hex_id).collect();
        let requests = requests_for_ids(&ids, build);
        assert_eq!(requests, vec![build(&ids)]);
        assert!(requests_for_ids(&[], build).is_empty());
    }
}

//! A never-opened library's first screen from the server's first page: which grid windows
//! that page fills.

/// The grid windows (of `window` items, numbered from 0) that the first `items` of a list of
/// `total` fill whole: a window cut short by the page's end is left out (its missing cards
/// would stay placeholders until something re-read it), unless the list ends there.
pub fn whole_windows<T>(items: Vec<T>, total: u32, window: u32) -> Vec<(u32, Vec<T>)> {
    let mut windows = Vec::new();
    if window == 0 {
        return windows;
    }
    let mut rest = items.into_iter().peekable();
    let mut page = 0u32;
    while rest.peek().is_some() {
        let items: Vec<T> = rest.by_ref().take(window as usize).collect();
        let end = page * window + items.len() as u32;
        if items.len() as u32 != window && end < total {
            break;
        }
        windows.push((page, items));
        page += 1;
    }
    windows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_of_100_fills_one_window_of_60_in_a_large_library() {
        let items: Vec<u32> = (0..100).collect();
        let windows = whole_windows(items, 50_000, 60);
        assert_eq!(windows, vec![(0, (0..60).collect::<Vec<u32>>())]);
    }

    #[test]
    fn the_last_window_of_a_small_library_is_whole_when_the_list_ends_there() {
        let items: Vec<u32> = (0..100).collect();
        let windows = whole_windows(items, 100, 60);
        assert_eq!(
            windows,
            vec![(0, (0..60).collect::<Vec<u32>>()), (1, (60..100).collect())]
        );
        assert_eq!(whole_windows(vec![7, 8], 2, 60), vec![(0, vec![7, 8])]);
    }

    #[test]
    fn a_short_answer_for_a_larger_library_fills_nothing() {
        // The server counts 500 but sent 30: the window would show 30 cards and 30 holes.
        assert_eq!(
            whole_windows((0..30).collect::<Vec<u32>>(), 500, 60),
            vec![]
        );
        assert_eq!(whole_windows(Vec::<u32>::new(), 0, 60), vec![]);
    }
}

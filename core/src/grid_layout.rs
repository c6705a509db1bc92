//! The library grid's geometry: how many columns fit a width, how tall a row is, which rows are
//! near the viewport and where the arrow keys go. Pure, so the windowing is tested natively.

/// Horizontal gap between cards (the grid's `gap` in style/grid.css).
pub const COLUMN_GAP: f64 = 16.0;
/// Under a poster: the title, the subtitle and the space to the next row, in CSS pixels.
pub const CARD_TEXT_HEIGHT: f64 = 60.0;
/// Rows rendered above and below the viewport.
pub const OVERSCAN_ROWS: u32 = 3;
/// Narrower than this (a phone), cards may be smaller so that three fit across.
const NARROW: f64 = 600.0;

/// A grid of a given width: its columns, the posters' height (2:3, uncropped) and each row's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GridLayout {
    /// Cards per row.
    pub columns: u32,
    /// Poster height in CSS pixels.
    pub poster_height: f64,
    /// Row height (poster and text) in CSS pixels.
    pub row_height: f64,
}

impl GridLayout {
    /// The layout for a grid `width` CSS pixels wide: cards at least 150 px wide (100 px on a
    /// phone), at least two columns.
    pub fn for_width(width: f64) -> Self {
        let width = if width.is_finite() {
            width.max(0.0)
        } else {
            0.0
        };
        let min_card = if width < NARROW { 100.0 } else { 150.0 };
        let columns = ((width + COLUMN_GAP) / (min_card + COLUMN_GAP))
            .floor()
            .max(2.0) as u32;
        let card_width =
            ((width - COLUMN_GAP * f64::from(columns - 1)) / f64::from(columns)).max(1.0);
        let poster_height = (card_width * 1.5).round();
        Self {
            columns,
            poster_height,
            row_height: poster_height + CARD_TEXT_HEIGHT,
        }
    }

    /// Rows needed for `items` cards.
    pub fn rows(&self, items: u32) -> u32 {
        items.div_ceil(self.columns)
    }

    /// Distance from the grid's top to the row holding card `index`.
    pub fn offset_of(&self, index: u32) -> f64 {
        f64::from(index / self.columns) * self.row_height
    }

    /// The rows to render, `start..end`, for the grid scrolled `scroll_top` into a viewport
    /// `viewport` tall: those on screen plus [`OVERSCAN_ROWS`] on each side.
    pub fn visible_rows(&self, scroll_top: f64, viewport: f64, total_rows: u32) -> (u32, u32) {
        self.rows_with_overscan(scroll_top, viewport, total_rows, OVERSCAN_ROWS)
    }

    /// The rows on screen only, `start..end`: a grid's first paint, which the rows around it
    /// follow once it is on screen.
    pub fn rows_on_screen(&self, scroll_top: f64, viewport: f64, total_rows: u32) -> (u32, u32) {
        self.rows_with_overscan(scroll_top, viewport, total_rows, 0)
    }

    fn rows_with_overscan(
        &self,
        scroll_top: f64,
        viewport: f64,
        total_rows: u32,
        overscan: u32,
    ) -> (u32, u32) {
        let first = (scroll_top.max(0.0) / self.row_height).floor() as u32;
        let shown = (viewport.max(0.0) / self.row_height).ceil() as u32 + 1;
        let start = first.saturating_sub(overscan);
        let end = first
            .saturating_add(shown)
            .saturating_add(overscan)
            .min(total_rows);
        (start.min(end), end)
    }
}

/// Where a key moves the focus from card `index` in a grid of `columns` and `total` cards.
pub fn neighbor_index(index: u32, key: &str, columns: u32, total: u32) -> Option<u32> {
    let last = total.checked_sub(1)?;
    let next = match key {
        "ArrowRight" => index.checked_add(1)?,
        "ArrowLeft" => index.checked_sub(1)?,
        "ArrowDown" => index.checked_add(columns)?,
        "ArrowUp" => index.checked_sub(columns)?,
        "Home" => 0,
        "End" => last,
        _ => return None,
    };
    (next <= last).then_some(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posters_keep_their_shape_at_every_width() {
        for width in [320.0, 380.0, 599.0, 600.0, 900.0, 1169.0, 1900.0, 3000.0] {
            let layout = GridLayout::for_width(width);
            let card =
                (width - COLUMN_GAP * f64::from(layout.columns - 1)) / f64::from(layout.columns);
            assert!(
                (layout.poster_height / card - 1.5).abs() < 0.02,
                "{width}: {layout:?}"
            );
            assert_eq!(layout.row_height, layout.poster_height + CARD_TEXT_HEIGHT);
            assert!(
                card >= 100.0 || layout.columns == 2,
                "{width}: {card} px cards"
            );
        }
    }

    #[test]
    fn phones_get_three_columns_and_desktops_cards_of_150_px_or_more() {
        assert_eq!(GridLayout::for_width(380.0).columns, 3);
        assert_eq!(GridLayout::for_width(1169.0).columns, 7);
        assert_eq!(GridLayout::for_width(100.0).columns, 2);
        assert_eq!(GridLayout::for_width(f64::NAN).columns, 2);
    }

    #[test]
    fn only_the_rows_near_the_viewport_are_rendered() {
        let layout = GridLayout::for_width(1169.0);
        let rows = layout.rows(50_000);
        assert_eq!(rows, 50_000_u32.div_ceil(7));
        // At the top of a 50,000-item library only the first rows (+ overscan) exist.
        let (start, end) = layout.visible_rows(0.0, 900.0, rows);
        assert_eq!(start, 0);
        assert!(end <= 10, "{end} rows rendered at the top");
        // Deep down, the window follows the scroll position and keeps a small size.
        let (start, end) = layout.visible_rows(layout.row_height * 3_000.0, 900.0, rows);
        assert_eq!(start, 2_997);
        assert!(end - start <= 12, "{start}..{end}");
        // Past the end nothing is asked for beyond the last row.
        let (start, end) = layout.visible_rows(1e12, 900.0, rows);
        assert!(start <= end && end == rows, "{start}..{end}");
    }

    #[test]
    fn a_card_is_found_in_its_row() {
        let layout = GridLayout::for_width(1169.0);
        assert_eq!(layout.offset_of(0), 0.0);
        assert_eq!(layout.offset_of(6), 0.0);
        assert_eq!(layout.offset_of(7), layout.row_height);
        assert_eq!(layout.offset_of(70), 10.0 * layout.row_height);
    }

    #[test]
    fn arrows_move_by_a_card_or_a_row_never_out_of_the_grid() {
        assert_eq!(neighbor_index(5, "ArrowRight", 8, 100), Some(6));
        assert_eq!(neighbor_index(5, "ArrowDown", 8, 100), Some(13));
        assert_eq!(neighbor_index(5, "ArrowUp", 8, 100), None);
        assert_eq!(neighbor_index(99, "ArrowRight", 8, 100), None);
        assert_eq!(neighbor_index(0, "ArrowLeft", 8, 100), None);
        assert_eq!(neighbor_index(42, "End", 8, 100), Some(99));
        assert_eq!(neighbor_index(42, "Home", 8, 100), Some(0));
        assert_eq!(neighbor_index(42, "Tab", 8, 100), None);
        assert_eq!(neighbor_index(0, "End", 8, 0), None);
    }

    #[test]
    fn the_first_paint_is_the_rows_on_screen_without_overscan() {
        let layout = GridLayout::for_width(1248.0);
        let rows = layout.rows(50_000);
        let shown = (900.0 / layout.row_height).ceil() as u32 + 1;
        assert_eq!(layout.rows_on_screen(0.0, 900.0, rows), (0, shown));
        assert_eq!(
            layout.visible_rows(0.0, 900.0, rows),
            (0, shown + OVERSCAN_ROWS)
        );
        let far = layout.row_height * 100.0;
        assert_eq!(layout.rows_on_screen(far, 900.0, rows), (100, 100 + shown));
        assert_eq!(layout.rows_on_screen(0.0, 900.0, 2), (0, 2));
    }
}

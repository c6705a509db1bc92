//! Where the arrow keys go among Home's rows of cards (a keyboard or a TV remote): left and
//! right along a row, up and down to the card of the row above or below that sits nearest
//! under the one focused, as a remote's user expects from looking at the screen.

/// Which card to focus after `key` from card `index` of a row of `len` cards: `Along(i)` in
/// the same row, `Across { row_step, x }` to the card of the neighbouring row (-1 above, +1
/// below) whose centre is nearest `x` (this card's centre, see [`nearest`]), or `None` when
/// the key is not a move or leads off the end of a row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RowMove {
    /// Another card of the same row.
    Along(usize),
    /// A card of the row `row_step` away (-1 above, +1 below), nearest the centre `x`.
    Across {
        /// -1: the row above; +1: the row below.
        row_step: i32,
        /// The focused card's horizontal centre.
        x: f64,
    },
}

/// The move for `key` from card `index` of `len`, whose horizontal centre is `x`.
pub fn row_move(key: &str, index: usize, len: usize, x: f64) -> Option<RowMove> {
    match key {
        "ArrowRight" => (index + 1 < len).then_some(RowMove::Along(index + 1)),
        "ArrowLeft" => index.checked_sub(1).map(RowMove::Along),
        "Home" => (len > 0).then_some(RowMove::Along(0)),
        "End" => len.checked_sub(1).map(RowMove::Along),
        "ArrowUp" => Some(RowMove::Across { row_step: -1, x }),
        "ArrowDown" => Some(RowMove::Across { row_step: 1, x }),
        _ => None,
    }
}

/// The index of the centre in `centres` nearest `x` (the first on a tie); `None` if empty.
pub fn nearest(centres: &[f64], x: f64) -> Option<usize> {
    centres
        .iter()
        .enumerate()
        .filter(|(_, c)| c.is_finite())
        .min_by(|(_, a), (_, b)| (*a - x).abs().total_cmp(&(*b - x).abs()))
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn left_and_right_stay_in_the_row_and_stop_at_its_ends() {
        assert_eq!(row_move("ArrowRight", 0, 3, 0.0), Some(RowMove::Along(1)));
        assert_eq!(row_move("ArrowRight", 2, 3, 0.0), None);
        assert_eq!(row_move("ArrowLeft", 2, 3, 0.0), Some(RowMove::Along(1)));
        assert_eq!(row_move("ArrowLeft", 0, 3, 0.0), None);
        assert_eq!(row_move("Home", 2, 3, 0.0), Some(RowMove::Along(0)));
        assert_eq!(row_move("End", 0, 3, 0.0), Some(RowMove::Along(2)));
        assert_eq!(row_move("Enter", 0, 3, 0.0), None);
    }

    #[test]
    fn up_and_down_leave_the_row_from_where_the_card_is() {
        assert_eq!(
            row_move("ArrowDown", 1, 3, 250.0),
            Some(RowMove::Across {
                row_step: 1,
                x: 250.0
            })
        );
        assert_eq!(
            row_move("ArrowUp", 0, 1, 75.0),
            Some(RowMove::Across {
                row_step: -1,
                x: 75.0
            })
        );
    }

    #[test]
    fn the_nearest_card_below_is_the_one_under_the_focused_one() {
        // A row of wide thumbs (centres 130, 406, 682) under a row of posters.
        assert_eq!(nearest(&[130.0, 406.0, 682.0], 241.0), Some(0));
        assert_eq!(nearest(&[130.0, 406.0, 682.0], 300.0), Some(1));
        assert_eq!(nearest(&[130.0, 406.0, 682.0], 5000.0), Some(2));
        assert_eq!(nearest(&[10.0, 30.0], 20.0), Some(0), "first on a tie");
        assert_eq!(nearest(&[], 20.0), None);
        assert_eq!(nearest(&[f64::NAN, 50.0], 0.0), Some(1));
    }
}

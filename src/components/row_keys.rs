//! Arrow keys among Home's rows of cards (keyboard or TV remote): left and right along a row,
//! up and down to the nearest card of the row above or below (`core::row_nav`).
use marquee_core::row_nav::{nearest, row_move, RowMove};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

const ROWS: &str = ".row-items:not(.skeleton)";
const CARDS: &str = "a.card";

fn elements(parent: &Element, selector: &str) -> Vec<Element> {
    let Ok(list) = parent.query_selector_all(selector) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
        .collect()
}

fn centre_x(element: &Element) -> f64 {
    let rect = element.get_bounding_client_rect();
    rect.left() + rect.width() / 2.0
}

/// `on:keydown` of a `.row-items`: moves the focus and keeps the page from scrolling instead.
pub fn move_focus_in_rows(ev: web_sys::KeyboardEvent) {
    if ev.alt_key() || ev.ctrl_key() || ev.meta_key() || ev.shift_key() {
        return;
    }
    let Some(card) = ev
        .target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|e| e.closest(CARDS).ok().flatten())
    else {
        return;
    };
    let Some(row) = card.closest(ROWS).ok().flatten() else {
        return;
    };
    let cards = elements(&row, CARDS);
    let Some(index) = cards.iter().position(|c| *c == card) else {
        return;
    };
    let target = match row_move(&ev.key(), index, cards.len(), centre_x(&card)) {
        Some(RowMove::Along(i)) => cards.get(i).cloned(),
        Some(RowMove::Across { row_step, x }) => {
            let Some(document) = web_sys::window().and_then(|w| w.document()) else {
                return;
            };
            let rows = elements(&document.document_element().unwrap(), ROWS);
            let here = rows.iter().position(|r| *r == row).unwrap_or(0) as i32;
            // The next row in that direction that has cards (an empty one is skipped).
            let mut found = None;
            let mut at = here + row_step;
            while at >= 0 && (at as usize) < rows.len() {
                let candidates = elements(&rows[at as usize], CARDS);
                let centres: Vec<f64> = candidates.iter().map(centre_x).collect();
                if let Some(i) = nearest(&centres, x) {
                    found = candidates.get(i).cloned();
                    break;
                }
                at += row_step;
            }
            found
        }
        None => None,
    };
    if let Some(target) = target.and_then(|t| t.dyn_into::<HtmlElement>().ok()) {
        ev.prevent_default();
        let _ = target.focus();
    }
}

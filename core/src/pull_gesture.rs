//! Pull to refresh on touch screens: a finger dragging down from the very top of the page
//! pulls an indicator after it (with resistance), and letting go far enough asks for a
//! refresh. The browser part only feeds touch positions in.

/// How far (CSS pixels, after resistance) the indicator must be pulled for a refresh.
pub const PULL_THRESHOLD: f64 = 64.0;
/// The indicator never moves further than this.
pub const PULL_MAX: f64 = 96.0;
/// The indicator follows the finger at this fraction of its travel.
const RESISTANCE: f64 = 0.5;

/// One touch from start to end.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PullGesture {
    /// Where the finger went down, when the page was at its top then.
    start_y: Option<f64>,
    /// The indicator's current offset.
    offset: f64,
}

impl PullGesture {
    /// A finger went down at `y`; only a page scrolled to its very top can be pulled.
    pub fn start(&mut self, y: f64, scroll_top: f64) {
        self.offset = 0.0;
        self.start_y = (scroll_top <= 0.0 && y.is_finite()).then_some(y);
    }

    /// The finger moved to `y`: the indicator's offset (0 when this touch is not a pull).
    pub fn moved(&mut self, y: f64) -> f64 {
        if let Some(start) = self.start_y {
            let travel = if y.is_finite() { y - start } else { 0.0 };
            self.offset = (travel * RESISTANCE).clamp(0.0, PULL_MAX);
        }
        self.offset
    }

    /// Whether the pull is past the threshold (the indicator says "release to refresh").
    pub fn armed(&self) -> bool {
        self.offset >= PULL_THRESHOLD
    }

    /// The finger lifted (or the touch was cancelled, `cancelled`): true when that asks for
    /// a refresh. The gesture is over either way.
    pub fn end(&mut self, cancelled: bool) -> bool {
        let refresh = !cancelled && self.start_y.is_some() && self.armed();
        *self = Self::default();
        refresh
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_pull_from_the_top_refreshes_once() {
        let mut g = PullGesture::default();
        g.start(100.0, 0.0);
        assert_eq!(g.moved(140.0), 20.0);
        assert!(!g.armed());
        assert_eq!(g.moved(240.0), 70.0);
        assert!(g.armed());
        assert_eq!(g.moved(900.0), PULL_MAX, "the indicator stops at its limit");
        assert!(g.end(false));
        assert!(!g.end(false), "one refresh per pull");
        assert_eq!(g.moved(900.0), 0.0, "no touch, no pull");
    }

    #[test]
    fn a_short_pull_an_upward_drag_or_a_cancel_does_not_refresh() {
        let mut g = PullGesture::default();
        g.start(100.0, 0.0);
        g.moved(200.0);
        assert!(!g.end(false), "50 px is under the threshold");

        g.start(300.0, 0.0);
        assert_eq!(g.moved(100.0), 0.0, "scrolling up is not a pull");
        assert!(!g.end(false));

        g.start(100.0, 0.0);
        g.moved(400.0);
        assert!(!g.end(true), "cancelled by the browser");
    }

    #[test]
    fn a_page_scrolled_down_is_scrolled_not_pulled() {
        let mut g = PullGesture::default();
        g.start(100.0, 12.0);
        assert_eq!(g.moved(500.0), 0.0);
        assert!(!g.end(false));
    }
}

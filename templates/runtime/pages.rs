//! Paging through a list operation as a stream: one request per page, sent as the stream is read.
//! The generated builder of a list operation says how (which parameter moves, where the items
//! and the total are); the rule that picks the operations is the generator's
//! (`xtask/src/resolve/pagination.rs`). A stream ends at an empty page, a page shorter than the
//! limit the call asked for, when the total is reached, when the API names no next page, or after
//! an error.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use futures_util::Stream;
use futures_util::stream::BoxStream;
use serde::de::DeserializeOwned;

use super::{Call, Error, Sending};

/// The pages of a list, each the operation's whole response.
pub type Pages<'a, T, E> = BoxStream<'a, Result<T, Error<E>>>;

/// The items of a list, page after page.
pub type Items<'a, I, E> = BoxStream<'a, Result<I, Error<E>>>;

/// What moves from one page to the next.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub enum PageBy {
    /// A count of items to skip.
    Offset(&'static str),
    /// A page number, from 1.
    Page(&'static str),
    /// What the previous page named (`next`).
    Cursor(&'static str),
}

#[doc(hidden)]
pub struct Paging<T> {
    pub by: PageBy,
    pub limit: Option<&'static str>,
    pub count: fn(&T) -> usize,
    pub total: fn(&T) -> Option<u64>,
    pub next: fn(&T) -> Option<String>,
}

#[doc(hidden)]
pub fn pages<'a, T: Send + 'a, E: DeserializeOwned + Send + 'a>(
    call: Call<'a, T, E>,
    paging: Paging<T>,
) -> Pages<'a, T, E> {
    let number =
        |name: Option<&'static str>| name.and_then(|n| call.query_value(n)).and_then(|v| v.parse::<f64>().ok());
    let limit = number(paging.limit);
    let position = match paging.by {
        PageBy::Offset(name) => number(Some(name)).unwrap_or(0.0),
        PageBy::Page(name) => number(Some(name)).unwrap_or(1.0),
        PageBy::Cursor(_) => 0.0,
    };
    // The call as the caller built it goes first; each next one differs in one parameter.
    Box::pin(PageStream { state: State::Next(Place { call, position, seen: 0 }), paging, limit })
}

/// A page's call, where it starts, and how many items came before it.
struct Place<'a, T, E> {
    call: Call<'a, T, E>,
    position: f64,
    seen: u64,
}

enum State<'a, T, E> {
    Next(Place<'a, T, E>),
    /// A page on its way, and its call, from which the next one is made.
    Fetching(Sending<'a, T, E, T>, Place<'a, T, E>),
    Done,
}

/// Written out rather than `stream::unfold` over an `async` block: a stream the compiler need not
/// analyse as a coroutine, for every crate, whether or not it pages.
struct PageStream<'a, T, E> {
    state: State<'a, T, E>,
    paging: Paging<T>,
    limit: Option<f64>,
}

impl<'a, T: Send + 'a, E: DeserializeOwned + Send + 'a> PageStream<'a, T, E> {
    /// The call of the page after `page`, unless `page` is the last.
    fn after(&self, page: &T, place: Place<'a, T, E>) -> Option<Place<'a, T, E>> {
        let count = (self.paging.count)(page);
        let seen = place.seen + count as u64;
        let short = self.limit.is_some_and(|limit| (count as f64) < limit);
        let complete = (self.paging.total)(page).is_some_and(|total| seen >= total);
        if count == 0 || short || complete {
            return None;
        }
        let (name, position, value) = match self.paging.by {
            PageBy::Offset(name) => (name, place.position + count as f64, format_number(place.position + count as f64)),
            PageBy::Page(name) => (name, place.position + 1.0, format_number(place.position + 1.0)),
            PageBy::Cursor(name) => (name, 0.0, (self.paging.next)(page).filter(|c| !c.is_empty())?),
        };
        Some(Place { call: place.call.query(name, vec![(name.to_string(), value)]), position, seen })
    }
}

impl<'a, T: Send + 'a, E: DeserializeOwned + Send + 'a> Stream for PageStream<'a, T, E> {
    type Item = Result<T, Error<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            // Taken, and put back unless the stream ends: after an error or the last page, `Done`.
            match std::mem::replace(&mut this.state, State::Done) {
                State::Done => return Poll::Ready(None),
                State::Next(place) => this.state = State::Fetching(place.call.clone().send(), place),
                State::Fetching(mut sending, place) => {
                    let page = match Pin::new(&mut sending).poll(cx) {
                        Poll::Pending => {
                            this.state = State::Fetching(sending, place);
                            return Poll::Pending;
                        }
                        Poll::Ready(Err(error)) => return Poll::Ready(Some(Err(error))),
                        Poll::Ready(Ok(page)) => page,
                    };
                    if let Some(next) = this.after(&page, place) {
                        this.state = State::Next(next);
                    }
                    return Poll::Ready(Some(Ok(page)));
                }
            }
        }
    }
}

#[doc(hidden)]
pub fn items<'a, T: Send + 'a, I: Send + 'a, E: Send + 'a>(
    pages: Pages<'a, T, E>,
    items: fn(T) -> Vec<I>,
) -> Items<'a, I, E> {
    Box::pin(ItemStream { pages, batch: Vec::new().into_iter(), items })
}

/// Each page's items in turn; an error ends it, as it ends the pages.
struct ItemStream<'a, T, I, E> {
    pages: Pages<'a, T, E>,
    batch: std::vec::IntoIter<I>,
    items: fn(T) -> Vec<I>,
}

// Nothing in it is pinned: the pages are boxed, the items only moved out.
impl<T, I, E> Unpin for ItemStream<'_, T, I, E> {}

impl<T, I, E> Stream for ItemStream<'_, T, I, E> {
    type Item = Result<I, Error<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(item) = this.batch.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match ready!(this.pages.as_mut().poll_next(cx)) {
                Some(Ok(page)) => this.batch = (this.items)(page).into_iter(),
                Some(Err(error)) => return Poll::Ready(Some(Err(error))),
                None => return Poll::Ready(None),
            }
        }
    }
}

/// `10`, not `10.0`: offsets and page numbers are whole.
fn format_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 { format!("{}", value as i64) } else { value.to_string() }
}

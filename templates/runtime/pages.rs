//! Paging through a list operation as a stream: one request per page, sent as the stream is read.
//! The generated builder of a list operation says how (which parameter moves, where the items
//! and the total are); the rule that picks the operations is the generator's
//! (`xtask/src/resolve/pagination.rs`). A stream ends at an empty page, a page shorter than the
//! limit the call asked for, when the total is reached, when the API names no next page, or after
//! an error.

use futures_util::stream::{self, BoxStream, StreamExt};
use serde::de::DeserializeOwned;

use super::{Call, Error};

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
    let first: Option<(Call<'a, T, E>, f64, u64)> = Some((call, position, 0));
    stream::unfold(first, move |state| async move {
        let (call, position, seen) = state?;
        let next_call = call.clone();
        let page = match call.send().await {
            Ok(page) => page,
            Err(error) => return Some((Err(error), None)),
        };
        let count = (paging.count)(&page);
        let seen = seen + count as u64;
        let short = limit.is_some_and(|limit| (count as f64) < limit);
        let complete = (paging.total)(&page).is_some_and(|total| seen >= total);
        let next = match paging.by {
            PageBy::Offset(name) => Some((name, position + count as f64, format_number(position + count as f64))),
            PageBy::Page(name) => Some((name, position + 1.0, format_number(position + 1.0))),
            PageBy::Cursor(name) => (paging.next)(&page).filter(|c| !c.is_empty()).map(|cursor| (name, 0.0, cursor)),
        };
        let state = match next {
            Some((name, position, value)) if count > 0 && !short && !complete => {
                Some((next_call.query(name, vec![(name.to_string(), value)]), position, seen))
            }
            _ => None,
        };
        Some((Ok(page), state))
    })
    .boxed()
}

#[doc(hidden)]
pub fn items<'a, T: Send + 'a, I: Send + 'a, E: Send + 'a>(
    pages: Pages<'a, T, E>,
    items: fn(T) -> Vec<I>,
) -> Items<'a, I, E> {
    pages
        .flat_map(move |page| {
            let batch: Vec<Result<I, Error<E>>> = match page {
                Ok(page) => items(page).into_iter().map(Ok).collect(),
                Err(error) => vec![Err(error)],
            };
            stream::iter(batch)
        })
        .boxed()
}

/// `10`, not `10.0`: offsets and page numbers are whole.
fn format_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 { format!("{}", value as i64) } else { value.to_string() }
}

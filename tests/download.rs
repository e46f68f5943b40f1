//! A 5 MB download read as a stream, never held whole: the test's allocator counts the bytes
//! live at once, and they stay far below the download's size. (A binary of its own, so that no
//! other test's allocations count.)

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use fixture_sdk::{Client, StreamExt};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::SeqCst) + layout.size();
        PEAK.fetch_max(live, Ordering::SeqCst);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const SIZE: usize = 5 * 1024 * 1024;

#[tokio::test]
async fn a_download_is_read_as_a_stream() {
    let server = MockServer::start().await;
    let blob: Vec<u8> = (0..SIZE).map(|i| (i % 251) as u8).collect();
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(blob, "application/octet-stream"))
        .mount(&server)
        .await;
    let client = Client::new(server.uri());
    // The server holds its copy; what the client adds from here on is what counts.
    let download: fixture_sdk::Download = client.blobs().get_blob("b1").await.unwrap();
    assert_eq!(download.content_length(), Some(SIZE as u64));
    let before = LIVE.load(Ordering::SeqCst);
    PEAK.store(before, Ordering::SeqCst);
    let mut stream = download.into_stream();
    let (mut received, mut checksum, mut largest) = (0usize, 0u64, 0usize);
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.unwrap();
        largest = largest.max(chunk.len());
        checksum = chunk.iter().fold(checksum, |sum, b| sum.wrapping_mul(31).wrapping_add(u64::from(*b)));
        received += chunk.len();
    }
    let peak = PEAK.load(Ordering::SeqCst) - before;
    let expected = (0..SIZE).fold(0u64, |sum, i| sum.wrapping_mul(31).wrapping_add((i % 251) as u64));
    assert_eq!((received, checksum), (SIZE, expected), "every byte, in order");
    println!("5 MiB streamed in chunks of at most {largest} bytes; at most {peak} bytes more live at once");
    assert!(peak < SIZE / 4, "the download was held whole: {peak} bytes live at once");
}

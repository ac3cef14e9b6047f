//! What a site owner's photo costs at import (issue #29): reading and checking
//! one 2 000 × 2 000 px JPEG of about 1 MB, and each variant the storefront
//! serves. A photo is generated (a gradient with grain, so that it compresses
//! like one), never downloaded:
//!
//!   cargo bench -p beltmart-server --bench pictures

use beltmart_server::pictures::{Encoding, Limits, WIDTHS, read, variant};
use criterion::{Criterion, criterion_group, criterion_main};

const SIDE: u16 = 2000;

/// A 2 000 px square JPEG at quality 90: a gradient with pseudo-random grain.
fn photo() -> Vec<u8> {
    let mut seed = 0x2026_u32;
    let mut grain = move || {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        (seed % 24) as u8
    };
    let side = u32::from(SIDE);
    let mut pixels = Vec::with_capacity((side * side * 3) as usize);
    for y in 0..side {
        for x in 0..side {
            let base = [x * 200 / side, y * 200 / side, (x + y) * 100 / side];
            pixels.extend(base.map(|c| c as u8 + grain()));
        }
    }
    let mut bytes = Vec::new();
    jpeg_encoder::Encoder::new(&mut bytes, 90)
        .encode(&pixels, SIDE, SIDE, jpeg_encoder::ColorType::Rgb)
        .unwrap();
    bytes
}

fn bench(c: &mut Criterion) {
    let bytes = photo();
    let limits = Limits::default();
    let picture = read(&bytes, &limits).unwrap();
    eprintln!("the photo: {} bytes", bytes.len());
    for width in WIDTHS {
        for encoding in [Encoding::WebP, Encoding::Jpeg] {
            let size = variant(&picture, width, encoding).unwrap().bytes.len();
            eprintln!("{width} px {encoding:?}: {size} bytes");
        }
    }
    let mut group = c.benchmark_group("pictures");
    group.sample_size(10);
    group.bench_function("read a 2000 px JPEG", |b| {
        b.iter(|| read(&bytes, &limits).unwrap())
    });
    for width in WIDTHS {
        for encoding in [Encoding::WebP, Encoding::Jpeg] {
            let name = format!("{width} px {encoding:?}");
            group.bench_function(&name, |b| {
                b.iter(|| variant(&picture, width, encoding).unwrap())
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

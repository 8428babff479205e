//! The symbol-counting measure agrees with real encoders on every kind of deflate block.

use std::io::{Cursor, Write};

use miniz_oxide::MZFlush;
use miniz_oxide::deflate::core::{CompressionStrategy, CompressorOxide, create_comp_flags_from_zip_params};
use miniz_oxide::deflate::stream::deflate;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::super::deflate_measure::{Measured, measure};
use super::super::test_jpeg::Rng;
use super::*;

/// Inputs from incompressible to all-zero, short and long.
fn samples() -> Vec<Vec<u8>> {
    let mut rng = Rng::new(11);
    let mut out = vec![Vec::new(), b"a".to_vec(), vec![0; 100_000]];
    for (len, alphabet) in [(1000, 256), (70_000, 256), (300_000, 4), (200_000, 40)] {
        out.push((0..len).map(|_| (rng.below(alphabet)) as u8).collect());
    }
    out.push(b"<row r=\"1\"><c s=\"1\"/></row>".repeat(20_000));
    out
}

fn raw_deflate(input: &[u8], level: i32, strategy: i32) -> Vec<u8> {
    let flags = create_comp_flags_from_zip_params(level, -15, strategy);
    let mut compressor = CompressorOxide::new(flags);
    let mut out = vec![0; input.len() + input.len() / 8 + 1024];
    let result = deflate(&mut compressor, input, &mut out, MZFlush::Finish);
    out.truncate(result.bytes_written);
    out
}

#[test]
fn measure_matches_the_true_size_of_miniz_streams_at_every_level_and_strategy() {
    let strategies = [
        CompressionStrategy::Default,
        CompressionStrategy::Filtered,
        CompressionStrategy::HuffmanOnly,
        CompressionStrategy::RLE,
        CompressionStrategy::Fixed,
    ];
    for input in samples() {
        let len = input.len() as u64;
        for level in 0..=10 {
            for strategy in strategies {
                let stream = raw_deflate(&input, level, strategy as i32);
                assert_eq!(measure(&stream, len), Ok(Measured::Size(len)), "level {level} {strategy:?}");
                if len > 0 {
                    assert!(matches!(measure(&stream, len - 1), Ok(Measured::Beyond(_))));
                }
                if stream.len() > 2 {
                    assert!(measure(&stream[..stream.len() / 2], len).is_err(), "cut short must not pass");
                }
            }
        }
    }
}

#[test]
fn measure_matches_the_true_size_of_zlib_rs_streams() {
    for input in samples() {
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
        zip.start_file("x", options).unwrap();
        zip.write_all(&input).unwrap();
        let bytes = zip.finish().unwrap().into_inner();
        let archive = rawzip::ZipArchive::from_slice(&bytes).unwrap();
        let entry = archive.entries().next_entry().unwrap().unwrap();
        let data = archive.get_entry(entry.wayfinder()).unwrap().data();
        assert_eq!(measure(data, u64::MAX), Ok(Measured::Size(input.len() as u64)));
    }
}

#[test]
fn a_gibibyte_bomb_is_measured_exactly() {
    // How long this takes is printed by the documents benchmark (the size-lie package).
    let stream = zeros_deflated(1024 * MIB);
    assert_eq!(measure(&stream, u64::MAX), Ok(Measured::Size(1024 * MIB)));
    assert!(matches!(measure(&stream, 100 * MIB), Ok(Measured::Beyond(_))));
}

//! Builders of PDFs, honest and hostile, shared by the PDF tests and by
//! `core/benches/documents.rs`, which includes this file by its path. Std only.

/// A PDF of the given object bodies, numbered from 1.
pub fn pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    pdf_with_trailer(objects, "")
}

pub fn pdf_with_trailer(objects: &[Vec<u8>], trailer: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
    for (number, body) in objects.iter().enumerate() {
        out.extend_from_slice(format!("{} 0 obj\n", number + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    out.extend_from_slice(format!("trailer\n<< /Root 1 0 R {trailer}>>\nstartxref\n0\n%%EOF\n").as_bytes());
    out
}

pub fn stream(dictionary: &str, data: &[u8]) -> Vec<u8> {
    let mut out = format!("<< {dictionary} /Length {} >>\nstream\n", data.len()).into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream");
    out
}

pub fn catalog(extra: &str) -> Vec<u8> {
    format!("<< /Type /Catalog /Pages 2 0 R {extra} >>").into_bytes()
}

/// A PDF whose object stream is `raw_deflate` behind a zlib header, with no checksum after it:
/// a reader has to stop inflating long before the end of a bomb.
pub fn object_stream_bomb(raw_deflate: &[u8]) -> Vec<u8> {
    let mut packed = vec![0x78, 0x9C];
    packed.extend_from_slice(raw_deflate);
    pdf(&[catalog(""), stream("/Type /ObjStm /Filter /FlateDecode", &packed)])
}

//! The PNG route: a PNG's own compressed rows embedded as they are, with the PNG predictor.

use super::{Colour, Encoding, Prepared};
use crate::report::pdf::style::IMAGE_MAX_PX;

/// The PNG's own compressed rows, when a PDF reader can use them directly.
pub(super) fn passthrough(bytes: &[u8]) -> Option<Prepared> {
    let png = parse_png(bytes)?;
    if png.interlaced || png.transparency || png.width.max(png.height) > IMAGE_MAX_PX {
        return None;
    }
    let colour = match (png.colour_type, png.bit_depth) {
        (0, 1 | 2 | 4 | 8) => Colour::Gray,
        (2, 8) => Colour::Rgb,
        (3, 1 | 2 | 4 | 8) => {
            let palette = png.palette?;
            if palette.is_empty() || palette.len() % 3 != 0 || palette.len() / 3 > 1 << png.bit_depth {
                return None;
            }
            Colour::Indexed(palette)
        }
        _ => return None,
    };
    Some(Prepared {
        width: png.width,
        height: png.height,
        colour,
        bits: png.bit_depth,
        encoding: Encoding::PngFlate,
        data: png.idat,
    })
}

/// Whether a PDF reader will draw these PNG rows: the zlib stream inflates whole (its checksum
/// holds) to exactly one filter byte and one row of samples per line, and every filter byte is one
/// of PNG's five. Undoing the filters would prove nothing more — a reader undoes them the same way
/// — and it is most of the cost of a full decode.
pub(super) fn rows_are_sound(p: &Prepared) -> bool {
    use std::io::Read;
    let channels: u64 = match p.colour {
        Colour::Rgb => 3,
        Colour::Gray | Colour::Indexed(_) => 1,
    };
    let row = 1 + (u64::from(p.width) * channels * u64::from(p.bits)).div_ceil(8);
    let want = row * u64::from(p.height);
    let mut z = flate2::read::ZlibDecoder::new(p.data.as_slice());
    let mut buf = vec![0u8; 64 * 1024];
    let (mut seen, mut next_row) = (0u64, 0u64);
    loop {
        let n = match z.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n as u64,
            Err(_) => return false,
        };
        if seen + n > want {
            return false;
        }
        while next_row < seen + n {
            if buf[(next_row - seen) as usize] > 4 {
                return false;
            }
            next_row += row;
        }
        seen += n;
    }
    seen == want
}

pub(super) struct PngInfo {
    pub(super) width: u32,
    pub(super) height: u32,
    pub(super) bit_depth: u8,
    pub(super) colour_type: u8,
    pub(super) interlaced: bool,
    pub(super) transparency: bool,
    pub(super) palette: Option<Vec<u8>>,
    /// The IDAT chunks' data, concatenated: one zlib stream.
    pub(super) idat: Vec<u8>,
}

/// Reads the PNG chunk structure (IHDR, PLTE, tRNS, IDAT … IEND).
pub(super) fn parse_png(b: &[u8]) -> Option<PngInfo> {
    if b.get(..8)? != b"\x89PNG\r\n\x1a\n" {
        return None;
    }
    let mut pos = 8;
    let mut info: Option<PngInfo> = None;
    loop {
        let len = u32::from_be_bytes(b.get(pos..pos + 4)?.try_into().ok()?) as usize;
        let kind = b.get(pos + 4..pos + 8)?;
        let data = b.get(pos + 8..(pos + 8).checked_add(len)?)?;
        pos += 12 + len;
        if kind == b"IHDR" {
            if info.is_some() || data.len() != 13 {
                return None;
            }
            info = Some(PngInfo {
                width: u32::from_be_bytes(data[0..4].try_into().ok()?),
                height: u32::from_be_bytes(data[4..8].try_into().ok()?),
                bit_depth: data[8],
                colour_type: data[9],
                interlaced: data[12] != 0,
                transparency: false,
                palette: None,
                idat: Vec::new(),
            });
            continue;
        }
        let png = info.as_mut()?;
        match kind {
            b"PLTE" => png.palette = Some(data.to_vec()),
            b"tRNS" => png.transparency = true,
            b"IDAT" => png.idat.extend_from_slice(data),
            b"IEND" => break,
            _ => {}
        }
    }
    info.filter(|p| !p.idat.is_empty() && p.width > 0 && p.height > 0)
}

//! The JPEG route: a JPEG a PDF reader draws without help is embedded byte for byte.

use super::{Colour, Encoding, Prepared};
use crate::report::pdf::style::IMAGE_MAX_PX;

/// The JPEG as it is, when a PDF reader can show it without help and it needs no
/// downscaling.
pub(super) fn passthrough(bytes: &[u8]) -> Option<Prepared> {
    let info = parse_jpeg(bytes)?;
    if info.width.max(info.height) > IMAGE_MAX_PX {
        return None;
    }
    Some(Prepared {
        width: info.width,
        height: info.height,
        colour: if info.components == 1 { Colour::Gray } else { Colour::Rgb },
        bits: 8,
        encoding: Encoding::Dct,
        data: bytes.to_vec(),
    })
}

#[derive(Debug, PartialEq)]
pub(super) struct JpegInfo {
    pub(super) width: u32,
    pub(super) height: u32,
    pub(super) components: u8,
}

/// Walks the JPEG marker structure (segments and entropy-coded data) from SOI to EOI.
/// `None` unless it is one baseline (SOF0), extended sequential (SOF1) or progressive
/// (SOF2) Huffman frame of 8-bit samples with 1 or 3 components, YCbCr when 3 (no Adobe
/// APP14 marker, component ids not "RGB"), and complete.
pub(super) fn parse_jpeg(b: &[u8]) -> Option<JpegInfo> {
    if b.get(..2)? != [0xFF, 0xD8] {
        return None;
    }
    let mut pos = 2;
    let mut info: Option<JpegInfo> = None;
    let mut scans = 0;
    loop {
        // A marker: 0xFF (possibly several, fill bytes), then its code.
        if *b.get(pos)? != 0xFF {
            return None;
        }
        while *b.get(pos)? == 0xFF {
            pos += 1;
        }
        let marker = b[pos];
        pos += 1;
        match marker {
            0xD9 => break, // EOI
            0x00 | 0x01 | 0xD0..=0xD8 => return None,
            _ => {}
        }
        let len = usize::from(u16::from_be_bytes([*b.get(pos)?, *b.get(pos + 1)?]));
        if len < 2 {
            return None;
        }
        let seg = b.get(pos + 2..pos + len)?;
        pos += len;
        match marker {
            0xC0..=0xC2 => {
                if info.is_some() || seg.len() < 6 {
                    return None;
                }
                let (precision, components) = (seg[0], seg[5]);
                let height = u32::from(u16::from_be_bytes([seg[1], seg[2]]));
                let width = u32::from(u16::from_be_bytes([seg[3], seg[4]]));
                if precision != 8
                    || width == 0
                    || height == 0
                    || !matches!(components, 1 | 3)
                    || seg.len() != 6 + 3 * usize::from(components)
                {
                    return None;
                }
                let ids: Vec<u8> = seg[6..].chunks_exact(3).map(|c| c[0]).collect();
                if ids == b"RGB" {
                    return None;
                }
                info = Some(JpegInfo { width, height, components });
            }
            // Other frame types: lossless, hierarchical, arithmetic coding.
            0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF => return None,
            // DNL (height given after the first scan).
            0xDC => return None,
            // APP14 "Adobe": colour transform and CMYK/YCCK conventions.
            0xEE if seg.starts_with(b"Adobe") => return None,
            0xDA => {
                info.as_ref()?;
                scans += 1;
                // Entropy-coded data runs to the next marker that is neither a stuffed
                // 0xFF00 nor a restart marker.
                loop {
                    let ff = pos + b.get(pos..)?.iter().position(|&c| c == 0xFF)?;
                    match *b.get(ff + 1)? {
                        0x00 | 0xD0..=0xD7 => pos = ff + 2,
                        0xFF => pos = ff + 1,
                        _ => {
                            pos = ff;
                            break;
                        }
                    }
                }
            }
            _ => {}
        }
    }
    if scans == 0 {
        return None;
    }
    info
}

//! Preparing evidence images (PNG/JPEG) for embedding as PDF image XObjects.
//!
//! Three routes, cheapest first:
//!
//! - **JPEG passthrough**: a baseline or progressive 8-bit JPEG with 1 (grey) or 3 (YCbCr)
//!   components, no Adobe marker and no side longer than [`IMAGE_MAX_PX`] is embedded
//!   byte for byte with `/DCTDecode`. Only the marker structure is read (SOF for the size,
//!   every segment and the entropy-coded data up to EOI, so a truncated file is not taken);
//!   no pixel is decoded.
//! - **PNG passthrough**: an 8-bit RGB, 1–8-bit grey or palette PNG without transparency,
//!   not interlaced and within [`IMAGE_MAX_PX`], is decoded once to make sure it is sound,
//!   then its IDAT data (a zlib stream of PNG-filtered rows) is embedded as it is with
//!   `/FlateDecode` and the PNG predictor (`/Predictor 15`), so it stays lossless and costs
//!   no re-encoding.
//! - **Decode**: anything else (alpha, 16-bit, interlaced, oversize, CMYK/Adobe JPEG) is
//!   decoded, downscaled to [`IMAGE_MAX_PX`] (area averaging when shrinking by 2× or more,
//!   Catmull-Rom otherwise), alpha flattened onto white, and re-encoded: losslessly (PNG
//!   predictor + flate) when it is small (< [`LOSSLESS_MAX_PIXELS`]) or is a PNG that looks
//!   like a screenshot or diagram (most pixels equal their left neighbour), else as a JPEG
//!   at [`JPEG_QUALITY`].
//!
//! Every route is a pure function of the input bytes, so [`prepare_all`] may run them on
//! several threads and the PDF stays byte-identical.

use std::collections::BTreeMap;
use std::io::Cursor;
use std::sync::atomic::{AtomicUsize, Ordering};

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::{
    imageops::FilterType, DynamicImage, ExtendedColorType, GenericImageView, ImageEncoder, ImageError, ImageFormat,
    ImageReader, Limits,
};
use printpdf::{DictItem, ExternalStream, ExternalXObject, Px, XObject};

use super::style::IMAGE_MAX_PX;

/// Decoded images below this many pixels are always stored losslessly.
pub const LOSSLESS_MAX_PIXELS: u64 = 64 * 1024;
/// JPEG quality for re-encoded (decoded, downscaled, photo-like) images.
pub const JPEG_QUALITY: u8 = 85;
/// Share of sampled pixels equal to their left neighbour from which a decoded image is
/// treated as a screenshot/diagram and kept lossless.
const FLAT_SHARE_LOSSLESS: f64 = 0.5;
/// At most this many images are prepared at once (bounds peak memory on big machines).
const MAX_WORKERS: usize = 8;

/// An image ready to embed: its size in pixels and the XObject stream contents.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub width: u32,
    pub height: u32,
    colour: Colour,
    bits: u8,
    encoding: Encoding,
    data: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq)]
enum Colour {
    Rgb,
    Gray,
    /// `/Indexed /DeviceRGB` with this palette (3 bytes an entry).
    Indexed(Vec<u8>),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Encoding {
    /// A complete JPEG file (`/DCTDecode`).
    Dct,
    /// A zlib stream of PNG-filtered rows (`/FlateDecode` with `/Predictor 15`).
    PngFlate,
}

impl Prepared {
    /// The image XObject. It maps to the unit square; the placement scales it.
    pub fn into_xobject(self) -> XObject {
        let name = |n: &str| DictItem::Name(n.as_bytes().to_vec());
        let (colour_space, colours) = match self.colour {
            Colour::Rgb => (name("DeviceRGB"), 3),
            Colour::Gray => (name("DeviceGray"), 1),
            Colour::Indexed(palette) => (
                DictItem::Array(vec![
                    name("Indexed"),
                    name("DeviceRGB"),
                    DictItem::Int(palette.len() as i64 / 3 - 1),
                    DictItem::String { data: palette, literal: false },
                ]),
                1,
            ),
        };
        let mut dict = BTreeMap::new();
        dict.insert("Type".to_string(), name("XObject"));
        dict.insert("Subtype".to_string(), name("Image"));
        dict.insert("Width".to_string(), DictItem::Int(self.width.into()));
        dict.insert("Height".to_string(), DictItem::Int(self.height.into()));
        dict.insert("ColorSpace".to_string(), colour_space);
        dict.insert("BitsPerComponent".to_string(), DictItem::Int(self.bits.into()));
        match self.encoding {
            Encoding::Dct => {
                dict.insert("Filter".to_string(), name("DCTDecode"));
            }
            Encoding::PngFlate => {
                dict.insert("Filter".to_string(), name("FlateDecode"));
                let parms = BTreeMap::from([
                    ("Predictor".to_string(), DictItem::Int(15)),
                    ("Colors".to_string(), DictItem::Int(colours)),
                    ("BitsPerComponent".to_string(), DictItem::Int(self.bits.into())),
                    ("Columns".to_string(), DictItem::Int(self.width.into())),
                ]);
                dict.insert("DecodeParms".to_string(), DictItem::Dict { map: parms });
            }
        }
        XObject::External(ExternalXObject {
            stream: ExternalStream { dict, content: self.data, compress: false },
            width: Some(Px(self.width as usize)),
            height: Some(Px(self.height as usize)),
            dpi: None,
        })
    }
}

/// Prepares every input, on up to [`MAX_WORKERS`] threads; results are in input order.
pub fn prepare_all(inputs: &[&[u8]]) -> Vec<Result<Prepared, String>> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(MAX_WORKERS).min(inputs.len());
    if workers <= 1 {
        return inputs.iter().map(|b| prepare(b)).collect();
    }
    let next = AtomicUsize::new(0);
    let mut out: Vec<Option<Result<Prepared, String>>> = inputs.iter().map(|_| None).collect();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                s.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(bytes) = inputs.get(i) else { break };
                        done.push((i, prepare(bytes)));
                    }
                    done
                })
            })
            .collect();
        for h in handles {
            let done = h.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
            for (i, r) in done {
                out[i] = Some(r);
            }
        }
    });
    out.into_iter().map(|r| r.expect("every image is prepared by some worker")).collect()
}

/// Prepares `bytes` for embedding, or says why not (in words fit for the report).
pub fn prepare(bytes: &[u8]) -> Result<Prepared, String> {
    if bytes.is_empty() {
        return Err("the image file is empty".into());
    }
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| format!("cannot read the image: {e}"))?;
    let format = reader.format();
    if format == Some(ImageFormat::Jpeg) {
        if let Some(p) = jpeg_passthrough(bytes) {
            return Ok(p);
        }
    }
    if format == Some(ImageFormat::Png) {
        if let Some(p) = png_passthrough(bytes).filter(rows_are_sound) {
            return Ok(p);
        }
    }
    let img = decode(reader)?;
    encode(flatten(downscale(img)), format == Some(ImageFormat::Jpeg))
}

/// Decodes the whole image (with size limits).
fn decode(mut reader: ImageReader<Cursor<&[u8]>>) -> Result<DynamicImage, String> {
    if !matches!(reader.format(), Some(ImageFormat::Png | ImageFormat::Jpeg)) {
        return Err("not a PNG or JPEG image".into());
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(20_000);
    limits.max_image_height = Some(20_000);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    let kind = match reader.format() {
        Some(ImageFormat::Png) => "PNG",
        Some(ImageFormat::Jpeg) => "JPEG",
        _ => "image",
    };
    let img = reader.decode().map_err(|e| match e {
        ImageError::Decoding(_) | ImageError::IoError(_) => {
            format!("the {kind} data is damaged or incomplete")
        }
        ImageError::Unsupported(_) => format!("this kind of {kind} is not supported"),
        ImageError::Limits(_) => "the image is too large".to_string(),
        other => format!("cannot decode the image ({other})"),
    })?;
    let (w, h) = img.dimensions();
    if w == 0 || h == 0 {
        return Err("the image has no pixels".into());
    }
    Ok(img)
}

/// Shrinks `img` so that its longest side is at most [`IMAGE_MAX_PX`].
fn downscale(img: DynamicImage) -> DynamicImage {
    let (w, h) = img.dimensions();
    let longest = w.max(h);
    if longest <= IMAGE_MAX_PX {
        return img;
    }
    let scale = IMAGE_MAX_PX as f64 / longest as f64;
    let nw = ((w as f64 * scale).round() as u32).clamp(1, IMAGE_MAX_PX);
    let nh = ((h as f64 * scale).round() as u32).clamp(1, IMAGE_MAX_PX);
    if longest >= 2 * IMAGE_MAX_PX {
        // Area averaging: no aliasing, and much cheaper than a wide Catmull-Rom kernel.
        img.thumbnail_exact(nw, nh)
    } else {
        img.resize_exact(nw, nh, FilterType::CatmullRom)
    }
}

/// 8-bit grey or RGB without alpha (alpha flattened onto white).
fn flatten(img: DynamicImage) -> DynamicImage {
    let grey = !img.color().has_color();
    if !img.color().has_alpha() {
        return if grey {
            DynamicImage::ImageLuma8(img.into_luma8())
        } else {
            DynamicImage::ImageRgb8(img.into_rgb8())
        };
    }
    let over_white = |c: u8, a: u8| {
        let a = u32::from(a);
        ((u32::from(c) * a + 255 * (255 - a) + 127) / 255) as u8
    };
    let (width, height) = img.dimensions();
    if grey {
        let la = img.into_luma_alpha8();
        let px = la.pixels().map(|p| over_white(p.0[0], p.0[1])).collect();
        DynamicImage::ImageLuma8(image::GrayImage::from_raw(width, height, px).expect("size"))
    } else {
        let rgba = img.into_rgba8();
        let mut rgb = Vec::with_capacity(width as usize * height as usize * 3);
        for px in rgba.pixels() {
            let [r, g, b, a] = px.0;
            rgb.extend([over_white(r, a), over_white(g, a), over_white(b, a)]);
        }
        DynamicImage::ImageRgb8(image::RgbImage::from_raw(width, height, rgb).expect("size"))
    }
}

/// Encodes a flattened (8-bit grey or RGB) image: lossless when small, or when it comes
/// from a PNG and looks like a screenshot; JPEG otherwise (a JPEG source is lossy already).
fn encode(img: DynamicImage, from_jpeg: bool) -> Result<Prepared, String> {
    let (width, height) = img.dimensions();
    let (colour, ct, channels) = match img.color().channel_count() {
        1 => (Colour::Gray, ExtendedColorType::L8, 1),
        _ => (Colour::Rgb, ExtendedColorType::Rgb8, 3),
    };
    let raw = img.as_bytes();
    let failed = |e: ImageError| format!("cannot encode the image ({e})");
    let lossless = u64::from(width) * u64::from(height) < LOSSLESS_MAX_PIXELS
        || (!from_jpeg && flat_share(raw, width as usize, channels) >= FLAT_SHARE_LOSSLESS);
    let mut out = Vec::new();
    if lossless {
        PngEncoder::new_with_quality(&mut out, CompressionType::Fast, PngFilter::Adaptive)
            .write_image(raw, width, height, ct)
            .map_err(failed)?;
        let png = parse_png(&out).ok_or("cannot encode the image (PNG)")?;
        Ok(Prepared { width, height, colour, bits: 8, encoding: Encoding::PngFlate, data: png.idat })
    } else {
        JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY).write_image(raw, width, height, ct).map_err(failed)?;
        Ok(Prepared { width, height, colour, bits: 8, encoding: Encoding::Dct, data: out })
    }
}

/// Share of pixels equal to their left neighbour, sampled on every 8th row. Screenshots
/// and diagrams (flat backgrounds) score well above one half, photos close to zero.
fn flat_share(raw: &[u8], width: usize, channels: usize) -> f64 {
    let stride = width * channels;
    if width < 2 || stride == 0 {
        return 1.0;
    }
    let (mut same, mut total) = (0u64, 0u64);
    for row in raw.chunks_exact(stride).step_by(8) {
        let mut px = row.chunks_exact(channels);
        let mut prev = px.next().unwrap_or_default();
        for p in px {
            same += u64::from(p == prev);
            prev = p;
        }
        total += width as u64 - 1;
    }
    if total == 0 {
        1.0
    } else {
        same as f64 / total as f64
    }
}

/// The JPEG as it is, when a PDF reader can show it without help and it needs no
/// downscaling.
fn jpeg_passthrough(bytes: &[u8]) -> Option<Prepared> {
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
struct JpegInfo {
    width: u32,
    height: u32,
    components: u8,
}

/// Walks the JPEG marker structure (segments and entropy-coded data) from SOI to EOI.
/// `None` unless it is one baseline (SOF0), extended sequential (SOF1) or progressive
/// (SOF2) Huffman frame of 8-bit samples with 1 or 3 components, YCbCr when 3 (no Adobe
/// APP14 marker, component ids not "RGB"), and complete.
fn parse_jpeg(b: &[u8]) -> Option<JpegInfo> {
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

/// The PNG's own compressed rows, when a PDF reader can use them directly.
fn png_passthrough(bytes: &[u8]) -> Option<Prepared> {
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
fn rows_are_sound(p: &Prepared) -> bool {
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

struct PngInfo {
    width: u32,
    height: u32,
    bit_depth: u8,
    colour_type: u8,
    interlaced: bool,
    transparency: bool,
    palette: Option<Vec<u8>>,
    /// The IDAT chunks' data, concatenated: one zlib stream.
    idat: Vec<u8>,
}

/// Reads the PNG chunk structure (IHDR, PLTE, tRNS, IDAT … IEND).
fn parse_png(b: &[u8]) -> Option<PngInfo> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn write(img: DynamicImage, format: ImageFormat) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, format).unwrap();
        out.into_inner()
    }

    fn png(w: u32, h: u32, alpha: bool) -> Vec<u8> {
        let img = if alpha {
            DynamicImage::ImageRgba8(image::RgbaImage::from_fn(w, h, |x, _| {
                image::Rgba([255, 0, 0, if x % 2 == 0 { 0 } else { 255 }])
            }))
        } else {
            DynamicImage::ImageRgb8(image::RgbImage::from_fn(w, h, |x, y| {
                image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
            }))
        };
        write(img, ImageFormat::Png)
    }

    fn jpeg(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
        write(DynamicImage::ImageRgb8(img), ImageFormat::Jpeg)
    }

    /// Decodes what would be embedded (for the lossless and JPEG routes).
    fn pixels(p: &Prepared) -> DynamicImage {
        match p.encoding {
            Encoding::Dct => image::load_from_memory(&p.data).unwrap(),
            Encoding::PngFlate => {
                // Rebuild a PNG around the IDAT data.
                let (ct, ch) = match p.colour {
                    Colour::Gray => (ExtendedColorType::L8, 1),
                    _ => (ExtendedColorType::Rgb8, 3),
                };
                let blank = vec![0u8; p.width as usize * p.height as usize * ch];
                let mut out = Vec::new();
                PngEncoder::new(&mut out).write_image(&blank, p.width, p.height, ct).unwrap();
                let start = out.windows(4).position(|w| w == b"IDAT").unwrap() - 4;
                let end = out.windows(4).position(|w| w == b"IEND").unwrap() - 4;
                let mut png = out[..start].to_vec();
                png.extend((p.data.len() as u32).to_be_bytes());
                png.extend(b"IDAT");
                png.extend(&p.data);
                png.extend(crc32(b"IDAT", &p.data).to_be_bytes());
                png.extend(&out[end..]);
                image::load_from_memory(&png).unwrap()
            }
        }
    }

    #[test]
    fn jpeg_within_the_limit_is_embedded_unchanged() {
        let bytes = jpeg(300, 200);
        let p = prepare(&bytes).unwrap();
        assert_eq!((p.width, p.height), (300, 200));
        assert_eq!(p.encoding, Encoding::Dct);
        assert_eq!(p.colour, Colour::Rgb);
        assert!(p.data == bytes);

        let grey = write(
            DynamicImage::ImageLuma8(image::GrayImage::from_fn(40, 30, |x, _| image::Luma([x as u8 * 6]))),
            ImageFormat::Jpeg,
        );
        let p = prepare(&grey).unwrap();
        assert_eq!((p.width, p.height, &p.colour), (40, 30, &Colour::Gray));
        assert!(p.data == grey);
    }

    #[test]
    fn jpeg_header_parsing() {
        let bytes = jpeg(64, 48);
        assert_eq!(parse_jpeg(&bytes), Some(JpegInfo { width: 64, height: 48, components: 3 }));
        // Truncated: no EOI, so not passed through (the decoder decides).
        assert_eq!(parse_jpeg(&bytes[..bytes.len() - 40]), None);
        assert_eq!(parse_jpeg(&bytes[..bytes.len() / 2]), None);
        assert_eq!(parse_jpeg(&bytes[..3]), None);
        // An Adobe APP14 segment right after SOI: decode path.
        let mut adobe = bytes[..2].to_vec();
        adobe.extend([0xFF, 0xEE, 0x00, 0x0E]);
        adobe.extend(b"Adobe\x00\x64\x00\x00\x00\x00\x01");
        adobe.extend(&bytes[2..]);
        assert_eq!(parse_jpeg(&adobe), None);
        // Progressive frame (SOF2) is accepted; lossless (SOF3) is not.
        let sof = bytes.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
        let mut progressive = bytes.clone();
        progressive[sof + 1] = 0xC2;
        assert!(parse_jpeg(&progressive).is_some());
        let mut lossless = bytes.clone();
        lossless[sof + 1] = 0xC3;
        assert_eq!(parse_jpeg(&lossless), None);
        // Four components (CMYK).
        let mut cmyk = bytes.clone();
        cmyk[sof + 9] = 4;
        assert_eq!(parse_jpeg(&cmyk), None);
    }

    #[test]
    fn adobe_jpeg_is_decoded_and_reencoded() {
        let bytes = jpeg(400, 300);
        let mut adobe = bytes[..2].to_vec();
        adobe.extend([0xFF, 0xEE, 0x00, 0x0E]);
        adobe.extend(b"Adobe\x00\x64\x00\x00\x00\x00\x01");
        adobe.extend(&bytes[2..]);
        let p = prepare(&adobe).unwrap();
        assert_eq!((p.width, p.height, p.encoding), (400, 300, Encoding::Dct));
        assert!(p.data != adobe);
        assert!(parse_jpeg(&p.data).is_some());
    }

    #[test]
    fn oversize_jpeg_is_downscaled_and_reencoded() {
        let p = prepare(&jpeg(3400, 1700)).unwrap();
        assert_eq!((p.width, p.height), (1600, 800));
        assert_eq!(p.encoding, Encoding::Dct);
        let img = pixels(&p);
        assert_eq!(img.dimensions(), (1600, 800));
    }

    #[test]
    fn plain_png_is_embedded_from_its_own_compressed_data() {
        let bytes = png(300, 200, false);
        let p = prepare(&bytes).unwrap();
        assert_eq!((p.width, p.height), (300, 200));
        assert_eq!((p.encoding, &p.colour, p.bits), (Encoding::PngFlate, &Colour::Rgb, 8));
        assert_eq!(p.data, parse_png(&bytes).unwrap().idat);
        assert_eq!(pixels(&p), image::load_from_memory(&bytes).unwrap());
    }

    #[test]
    fn palette_png_keeps_its_palette() {
        let mut out = Vec::new();
        // 2-bit palette PNG, 3 colours, written by hand (the image crate writes no palettes).
        let w = 5u32;
        let h = 2u32;
        let rows: Vec<u8> = (0..h).flat_map(|_| [0u8, 0b0001_1000, 0b0110_0000]).collect();
        // A stored (uncompressed) zlib stream.
        let mut zlib = vec![0x78, 0x01, 0x01];
        zlib.extend((rows.len() as u16).to_le_bytes());
        zlib.extend((!(rows.len() as u16)).to_le_bytes());
        zlib.extend(&rows);
        let (mut a, mut b) = (1u32, 0u32);
        for &c in &rows {
            a = (a + u32::from(c)) % 65521;
            b = (b + a) % 65521;
        }
        zlib.extend(((b << 16) | a).to_be_bytes());
        let chunk = |out: &mut Vec<u8>, kind: &[u8], data: &[u8]| {
            out.extend((data.len() as u32).to_be_bytes());
            out.extend(kind);
            out.extend(data);
            out.extend(crc32(kind, data).to_be_bytes());
        };
        out.extend(b"\x89PNG\r\n\x1a\n");
        let mut ihdr = w.to_be_bytes().to_vec();
        ihdr.extend(h.to_be_bytes());
        ihdr.extend([2, 3, 0, 0, 0]);
        chunk(&mut out, b"IHDR", &ihdr);
        chunk(&mut out, b"PLTE", &[255, 0, 0, 0, 255, 0, 0, 0, 255]);
        chunk(&mut out, b"IDAT", &zlib);
        chunk(&mut out, b"IEND", &[]);
        let decoded = image::load_from_memory(&out).unwrap().to_rgb8();
        assert_eq!(decoded.get_pixel(1, 0).0, [0, 255, 0]);
        let p = prepare(&out).unwrap();
        assert_eq!((p.width, p.height, p.bits), (5, 2, 2));
        assert_eq!(p.colour, Colour::Indexed(vec![255, 0, 0, 0, 255, 0, 0, 0, 255]));
        assert_eq!(p.data, zlib);
    }

    fn crc32(kind: &[u8], data: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &byte in kind.iter().chain(data) {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 != 0 { 0xEDB8_8320 ^ (crc >> 1) } else { crc >> 1 };
            }
        }
        !crc
    }

    #[test]
    fn alpha_is_flattened_onto_white_losslessly() {
        let p = prepare(&png(4, 2, true)).unwrap();
        assert_eq!((p.width, p.height, p.encoding), (4, 2, Encoding::PngFlate));
        let rgb = pixels(&p).to_rgb8();
        assert_eq!(rgb.get_pixel(0, 0).0, [255, 255, 255]); // transparent → white
        assert_eq!(rgb.get_pixel(1, 0).0, [255, 0, 0]);
    }

    #[test]
    fn grey_with_alpha_stays_grey() {
        let img = image::GrayAlphaImage::from_fn(10, 10, |x, _| image::LumaA([0, if x < 5 { 0 } else { 255 }]));
        let p = prepare(&write(DynamicImage::ImageLumaA8(img), ImageFormat::Png)).unwrap();
        assert_eq!(p.colour, Colour::Gray);
        let g = pixels(&p).to_luma8();
        assert_eq!((g.get_pixel(0, 0).0, g.get_pixel(9, 0).0), ([255], [0]));
    }

    #[test]
    fn large_photo_like_png_is_downscaled_to_jpeg() {
        let noisy = image::RgbImage::from_fn(2000, 500, |x, y| {
            let v = x.wrapping_mul(2_654_435_761).wrapping_add(y.wrapping_mul(40_503));
            image::Rgb([(v >> 8) as u8, (v >> 16) as u8, (v >> 24) as u8])
        });
        let p = prepare(&write(DynamicImage::ImageRgb8(noisy), ImageFormat::Png)).unwrap();
        assert_eq!((p.width, p.height, p.encoding), (1600, 400, Encoding::Dct));
    }

    #[test]
    fn large_screenshot_like_png_stays_lossless() {
        // Interlaced or 16-bit PNGs cannot be passed through; a 16-bit "screenshot".
        let img = image::ImageBuffer::<image::Rgb<u16>, _>::from_fn(2000, 500, |x, y| {
            if (x / 40 + y / 40) % 2 == 0 {
                image::Rgb([65535, 65535, 65535])
            } else {
                image::Rgb([0, 0, 20000])
            }
        });
        let p = prepare(&write(DynamicImage::ImageRgb16(img), ImageFormat::Png)).unwrap();
        assert_eq!((p.width, p.height, p.encoding), (1600, 400, Encoding::PngFlate));
        let rgb = pixels(&p).to_rgb8();
        assert_eq!(rgb.get_pixel(0, 0).0, [255, 255, 255]);
        assert_eq!(rgb.get_pixel(50, 0).0, [0, 0, 78]);
    }

    #[test]
    fn very_large_images_use_area_averaging() {
        let p = prepare(&png(4000, 1000, false)).unwrap();
        assert_eq!((p.width, p.height), (1600, 400));
    }

    #[test]
    fn flat_share_tells_screenshots_from_photos() {
        let flat = vec![7u8; 30 * 20 * 3];
        assert_eq!(flat_share(&flat, 30, 3), 1.0);
        let ramp: Vec<u8> = (0..30 * 20).flat_map(|i| [i as u8, 0, 0]).collect();
        assert_eq!(flat_share(&ramp, 30, 3), 0.0);
    }

    #[test]
    fn prepare_all_keeps_order_and_results() {
        let inputs = [png(20, 10, false), b"nope".to_vec(), jpeg(30, 40), png(5, 5, true)];
        let refs: Vec<&[u8]> = inputs.iter().map(Vec::as_slice).collect();
        let all = prepare_all(&refs);
        let sizes: Vec<_> = all.iter().map(|r| r.as_ref().map(|p| (p.width, p.height)).ok()).collect();
        assert_eq!(sizes, [Some((20, 10)), None, Some((30, 40)), Some((5, 5))]);
        for (a, b) in all.iter().zip(refs.iter().map(|b| prepare(b))) {
            match (a, b) {
                (Ok(a), Ok(b)) => assert!(a.data == b.data),
                (Err(a), Err(b)) => assert_eq!(a, &b),
                _ => panic!("parallel and serial results differ"),
            }
        }
    }

    #[test]
    fn png_rows_are_checked_without_undoing_the_filters() {
        let good = png(40, 30, false);
        let p = png_passthrough(&good).expect("passthrough candidate");
        assert!(rows_are_sound(&p));
        assert!(matches!(prepare(&good).map(|p| p.encoding), Ok(Encoding::PngFlate)));
        // A row too few: the stream is sound but short.
        let mut short = png_passthrough(&good).expect("candidate");
        short.height += 1;
        assert!(!rows_are_sound(&short));
        // Damaged compressed data: refused, never embedded as it is.
        let mut bad = good.clone();
        let idat = bad.windows(4).position(|w| w == b"IDAT").expect("IDAT") + 12;
        bad[idat] ^= 0x5a;
        assert!(png_passthrough(&bad).is_none_or(|p| !rows_are_sound(&p)));
        assert!(prepare(&bad).is_err(), "a damaged PNG becomes a line in the report");
    }

    #[test]
    fn corrupt_input_is_an_error_not_a_panic() {
        assert!(prepare(b"").is_err());
        assert!(prepare(b"definitely not an image").is_err());
        let mut truncated = png(50, 50, false);
        truncated.truncate(truncated.len() / 2);
        assert_eq!(prepare(&truncated).unwrap_err(), "the PNG data is damaged or incomplete");
        assert!(prepare(b"\x89PNG\r\n\x1a\nthis is not really a png").is_err());
        let mut jpg = jpeg(50, 50);
        jpg.truncate(200);
        assert!(prepare(&jpg).is_err());
        assert!(prepare(b"\xFF\xD8\xFF\xE0 not a jpeg").is_err());
        // GIF is not among the formats we embed.
        assert_eq!(prepare(b"GIF89a\x01\x00\x01\x00").unwrap_err(), "not a PNG or JPEG image");
    }
}

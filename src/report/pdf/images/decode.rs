//! The decode route: anything a PDF reader cannot take as it is (alpha, 16-bit, interlaced,
//! oversize, CMYK) is decoded, shrunk, flattened onto white and encoded again.

use super::{Colour, Encoding, Prepared, FLAT_SHARE_LOSSLESS, JPEG_QUALITY, LOSSLESS_MAX_PIXELS};
use crate::report::pdf::style::IMAGE_MAX_PX;
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::{
    imageops::FilterType, DynamicImage, ExtendedColorType, GenericImageView, ImageEncoder, ImageError, ImageFormat,
    ImageReader, Limits,
};
use std::io::Cursor;

/// Decodes the whole image (with size limits).
pub(super) fn decode(mut reader: ImageReader<Cursor<&[u8]>>) -> Result<DynamicImage, String> {
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
pub(super) fn downscale(img: DynamicImage) -> DynamicImage {
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
pub(super) fn flatten(img: DynamicImage) -> DynamicImage {
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
pub(super) fn encode(img: DynamicImage, from_jpeg: bool) -> Result<Prepared, String> {
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
        let png = super::png::parse_png(&out).ok_or("cannot encode the image (PNG)")?;
        Ok(Prepared { width, height, colour, bits: 8, encoding: Encoding::PngFlate, data: png.idat })
    } else {
        JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY).write_image(raw, width, height, ct).map_err(failed)?;
        Ok(Prepared { width, height, colour, bits: 8, encoding: Encoding::Dct, data: out })
    }
}

/// Share of pixels equal to their left neighbour, sampled on every 8th row. Screenshots
/// and diagrams (flat backgrounds) score well above one half, photos close to zero.
pub(super) fn flat_share(raw: &[u8], width: usize, channels: usize) -> f64 {
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

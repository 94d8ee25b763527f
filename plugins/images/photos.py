"""Photos: check an original, make web derivatives, keep them in a cache.

Pure functions over bytes and folders; no Pelican here. A derivative set is
keyed by a hash of the original's bytes and of every option that changes the
output, so an unchanged photo is never decoded again, whatever its file time
(a fresh checkout) and wherever it is used.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import tempfile
import warnings
from dataclasses import dataclass

import PIL
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

# Bump when the processing below changes what it writes, to renew every cache entry.
PIPELINE_VERSION = "1"
FALLBACK_EXT = {"jpeg": "jpg", "png": "png"}


class PhotoError(Exception):
    """A photo that cannot be published: `message` says why, `fix` what to do."""

    def __init__(self, message: str, fix: str):
        super().__init__(message)
        self.message, self.fix = message, fix


@dataclass(frozen=True)
class Options:
    widths: tuple[int, ...] = (480, 800, 1200)
    webp_quality: int = 75
    jpeg_quality: int = 80
    max_pixels: int = 60_000_000
    formats: tuple[str, ...] = ("JPEG", "PNG", "WEBP")

    def fingerprint(self) -> str:
        return json.dumps([PIPELINE_VERSION, PIL.__version__, list(self.widths), self.webp_quality,
                           self.jpeg_quality, self.max_pixels, list(self.formats)])


@dataclass(frozen=True)
class Derivative:
    width: int
    height: int
    format: str  # "webp", "jpeg" or "png"
    file: str  # file name inside the cache entry

    @property
    def ext(self) -> str:
        return "webp" if self.format == "webp" else FALLBACK_EXT[self.format]

    @property
    def mime(self) -> str:
        return f"image/{self.format}"


@dataclass(frozen=True)
class PhotoSet:
    """Every derivative of one original, in its cache folder."""

    key: str
    folder: str
    width: int  # of the largest derivative (the original's, after rotation, when smaller than every width)
    height: int
    fallback: str  # "jpeg", or "png" for a photo with transparency
    derivatives: tuple[Derivative, ...]

    def of_format(self, fmt: str) -> list[Derivative]:
        return [d for d in self.derivatives if d.format == fmt]

    @property
    def bytes(self) -> int:
        return sum(os.path.getsize(os.path.join(self.folder, d.file)) for d in self.derivatives)


def key_of(data: bytes, options: Options) -> str:
    digest = hashlib.sha256(data)
    digest.update(options.fingerprint().encode())
    return digest.hexdigest()


def target_widths(width: int, widths) -> list[int]:
    """The widths to make for an original `width` pixels wide: never wider than
    the original, and the original's own width when it is narrower than the
    largest one asked for."""
    chosen = sorted(w for w in set(widths) if w <= width)
    if not chosen or chosen[-1] < max(widths):
        chosen.append(width)
    return sorted(set(chosen))


def open_checked(data: bytes, options: Options, draft_width: int = 0) -> Image.Image:
    """Decode the original fully, or raise PhotoError saying what is wrong.

    With `draft_width`, a JPEG is decoded at the smallest of 1/2, 1/4 or 1/8
    scale that still leaves both sides at least that wide (libjpeg's DCT
    scaling): a 12-megapixel phone photo is read at 2000 x 1500, four times
    less work, and every derivative is made from it.
    """
    previous = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = options.max_pixels
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            try:
                image = Image.open(io.BytesIO(data), formats=list(options.formats))
                if draft_width and image.format == "JPEG":
                    image.draft(image.mode, (draft_width, draft_width))
                image.load()
                return image
            except (Image.DecompressionBombWarning, Image.DecompressionBombError):
                raise PhotoError(
                    f"foto terlalu besar untuk diproses dengan aman (lebih dari {options.max_pixels / 1e6:g} megapiksel)",
                    "perkecil foto, misalnya menjadi 4000 piksel di sisi terpanjang, lalu simpan lagi sebagai JPEG") from None
            except UnidentifiedImageError:
                raise _unidentified(data, options) from None
            except (OSError, SyntaxError, ValueError) as err:
                raise PhotoError(f"berkas foto rusak atau terpotong ({err})",
                                 "ekspor atau unggah ulang foto aslinya dari kamera atau ponsel") from None
    finally:
        Image.MAX_IMAGE_PIXELS = previous


def _unidentified(data: bytes, options: Options) -> PhotoError:
    allowed = ", ".join(options.formats)
    fix = f"simpan ulang foto sebagai JPEG (format yang didukung: {allowed})"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(data)) as other:
                return PhotoError(f"format {other.format} tidak didukung", fix)
    except Exception:  # noqa: BLE001 - anything that is not an image at all
        return PhotoError("berkas ini bukan foto yang bisa dibaca (rusak, atau bukan gambar)", fix)


def _has_transparency(image: Image.Image) -> bool:
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        return image.convert("RGBA").getchannel("A").getextrema()[0] < 255
    return False


_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def to_srgb(image: Image.Image, icc: bytes | None, alpha: bool) -> Image.Image:
    """RGB (or RGBA) pixels in sRGB, converted from the embedded ICC profile if
    there is one (a phone's Display P3, a camera's Adobe RGB); the output
    carries no profile, and browsers read untagged images as sRGB."""
    alpha_band = image.convert("RGBA").getchannel("A") if alpha else None
    if image.mode in ("RGB", "L", "CMYK"):
        color = image
    elif image.mode == "LA":
        color = image.convert("L")
    elif image.mode.startswith("I;16"):  # 16-bit grey PNG: scale to 8 bits rather than clip
        color = image.convert("I").point(lambda v: v * (1 / 257)).convert("L")
    else:
        color = image.convert("RGB")
    out = None
    if icc:
        try:
            out = ImageCms.profileToProfile(color, ImageCms.ImageCmsProfile(io.BytesIO(icc)), _SRGB,
                                            renderingIntent=ImageCms.Intent.PERCEPTUAL, outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError):
            out = None  # a broken or mismatched profile: take the pixels as sRGB, as browsers do
    if out is None:
        out = color if color.mode == "RGB" else color.convert("RGB")
    if alpha_band is not None:
        out = out.copy() if out is image else out
        out.putalpha(alpha_band)
    return out


def make_photo_set(data: bytes, options: Options, cache_root: str) -> tuple[PhotoSet, bool]:
    """The derivatives of one original, from the cache or made now.

    Returns the set and whether any image work was done. Raises PhotoError.
    """
    key = key_of(data, options)
    folder = os.path.join(cache_root, "photos", key[:2], key)
    cached = _load_manifest(folder, key)
    if cached:
        return cached, False
    image = open_checked(data, options, draft_width=max(options.widths))
    icc = image.info.get("icc_profile")
    # EXIF orientation first: a phone photo taken upright is stored sideways.
    image = ImageOps.exif_transpose(image)
    alpha = _has_transparency(image)
    width, height = image.size
    widths = target_widths(width, options.widths)
    # Shrink to the largest derivative before the colour conversion: same result, far less work.
    largest = _resize(image, widths[-1], width, height)
    largest = to_srgb(largest, icc, alpha)
    fallback = "png" if alpha else "jpeg"
    tmp = tempfile.mkdtemp(prefix=f".{key[:8]}-", dir=_ensure(os.path.dirname(folder)))
    derivatives = []
    try:
        for w in reversed(widths):
            scaled = largest if w == widths[-1] else _resize(largest, w, *largest.size)
            scaled.info.clear()  # nothing of the original's metadata may travel along
            for fmt in ("webp", fallback):
                derivative = Derivative(w, scaled.height, fmt, f"{w}.{'webp' if fmt == 'webp' else FALLBACK_EXT[fmt]}")
                _save(scaled, os.path.join(tmp, derivative.file), fmt, options)
                derivatives.append(derivative)
        derivatives.sort(key=lambda d: (d.format, d.width))
        photo_set = PhotoSet(key, folder, largest.width, largest.height, fallback, tuple(derivatives))
        _write_manifest(tmp, photo_set)
        shutil.rmtree(folder, ignore_errors=True)  # an incomplete entry from an interrupted build
        os.rename(tmp, folder)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return photo_set, True


def _resize(image: Image.Image, w: int, width: int, height: int) -> Image.Image:
    if w == width:
        return image
    return image.resize((w, max(1, round(height * w / width))), Image.Resampling.LANCZOS, reducing_gap=3.0)


def _save(image: Image.Image, path: str, fmt: str, options: Options) -> None:
    if fmt == "webp":
        image.save(path, "WEBP", quality=options.webp_quality, method=4)
    elif fmt == "jpeg":
        image.save(path, "JPEG", quality=options.jpeg_quality, optimize=True, progressive=True)
    else:
        image.save(path, "PNG", optimize=True)


def _ensure(path: str) -> str:
    os.makedirs(path, exist_ok=True)
    return path


def _write_manifest(folder: str, photo_set: PhotoSet) -> None:
    manifest = {"key": photo_set.key, "width": photo_set.width, "height": photo_set.height,
                "fallback": photo_set.fallback,
                "derivatives": [[d.width, d.height, d.format, d.file] for d in photo_set.derivatives]}
    with open(os.path.join(folder, "manifest.json"), "w", encoding="utf-8") as handle:
        json.dump(manifest, handle)


def _load_manifest(folder: str, key: str) -> PhotoSet | None:
    try:
        with open(os.path.join(folder, "manifest.json"), encoding="utf-8") as handle:
            manifest = json.load(handle)
        derivatives = tuple(Derivative(*row) for row in manifest["derivatives"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if manifest.get("key") != key or not all(os.path.isfile(os.path.join(folder, d.file)) for d in derivatives):
        return None
    return PhotoSet(key, folder, manifest["width"], manifest["height"], manifest["fallback"], derivatives)

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from academy.images import MAX_PHOTO_BYTES, make_thumbnail, validate_image
from tests.helpers import animated_gif, image_file, png_claiming


def refusal(file):
    with pytest.raises(ValidationError) as raised:
        validate_image(file)
    return raised.value.code


def test_validate_image_accepts_jpeg():
    assert validate_image(image_file()) is None


def test_validate_image_refuses_text():
    assert refusal(SimpleUploadedFile("photo.jpg", b"not an image")) == "invalid_image"


def test_validate_image_refuses_truncated_jpeg():
    whole = image_file(size=(800, 800)).read()

    code = refusal(SimpleUploadedFile("photo.jpg", whole[: len(whole) // 2]))

    assert code == "invalid_image"


def test_validate_image_refuses_file_over_byte_limit():
    big = SimpleUploadedFile("photo.png", b"\x89PNG" + bytes(MAX_PHOTO_BYTES))

    assert refusal(big) == "too_large"


@pytest.mark.parametrize(
    "size",
    [
        (6000, 5000),  # 30 megapixels: over our limit
        (10000, 10000),  # over Pillow's warning threshold
        (20000, 20000),  # over Pillow's DecompressionBombError threshold
    ],
)
def test_validate_image_refuses_too_many_pixels(size):
    assert refusal(png_claiming(*size)) == "too_many_pixels"


@pytest.mark.parametrize(
    ("frames", "canvas"),
    [
        (2, (5000, 5000)),  # two frames of 25 megapixels
        (1000, (1000, 1000)),  # a thousand of 1
    ],
)
def test_validate_image_refuses_animation_of_too_many_pixels(frames, canvas):
    assert refusal(animated_gif(frames, size=(1, 1), canvas=canvas)) == (
        "too_many_frames"
    )


def test_validate_image_accepts_animation_within_the_pixel_limit():
    assert validate_image(animated_gif(25, size=(1, 1), canvas=(1000, 1000))) is None


def test_validate_image_refuses_unlisted_format():
    assert refusal(image_file(format="BMP", name="photo.bmp")) == "format"


def test_make_thumbnail_fits_256_pixels_as_jpeg():
    thumbnail = make_thumbnail(image_file(size=(1200, 600), format="PNG"))

    with Image.open(thumbnail) as image:
        assert (image.format, image.size) == ("JPEG", (256, 128))

"""python-qrcode's StyledPilImage on the style benchmark's work: N URLs, rounded modules,
a two-colour linear-ish gradient (its HorizontalGradiantColorMask), a logo embedded in the
middle (embedded_image_path), level H, PNG bytes. Prints the seconds taken.
Usage: style_peer.py N LOGO.png"""
import io
import sys
import time

import qrcode
from qrcode.image.styledpil import StyledPilImage
from qrcode.image.styles.colormasks import HorizontalGradiantColorMask
from qrcode.image.styles.moduledrawers.pil import RoundedModuleDrawer


def main():
    count, logo = int(sys.argv[1]), sys.argv[2]
    mask = HorizontalGradiantColorMask(back_color=(255, 255, 255), left_color=(11, 61, 145), right_color=(19, 122, 111))
    started = time.perf_counter()
    for n in range(count):
        code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_H, box_size=10, border=4)
        code.add_data(f"https://qr.example.com/r/code{n:05d}")
        image = code.make_image(image_factory=StyledPilImage, module_drawer=RoundedModuleDrawer(), color_mask=mask,
                                 embedded_image_path=logo)
        image.save(io.BytesIO(), format="PNG")
    print(f"{time.perf_counter() - started:.3f}")


if __name__ == "__main__":
    main()

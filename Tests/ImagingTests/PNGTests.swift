import Figures
import Foundation
import Imaging
import Testing

@Suite struct PNGTests {
    let image = RGBImage(width: 5, height: 3, pixels: (0..<45).map { UInt8(($0 * 37) % 256) })

    @Test func writeThenReadIsBitForBit() throws {
        #expect(try PNG.decode(PNG.encode(image)) == image)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("png-\(UUID()).png")
        defer { try? FileManager.default.removeItem(at: url) }
        try PNG.write(image, to: url)
        #expect(try PNG.read(url) == image)
    }

    /// Cairo writes ARGB PNGs (with alpha): they decode to the drawn colours, alpha dropped.
    @Test func readsPNGsWithAlphaFromCairo() throws {
        let canvas = Canvas(width: 4, height: 2, scale: 1)
        canvas.fill(Rect(x: 0, y: 0, width: 2, height: 2), Color(red: 1, green: 0, blue: 0))
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("png-\(UUID()).png")
        defer { try? FileManager.default.removeItem(at: url) }
        try canvas.save(to: url)
        let decoded = try PNG.read(url)
        #expect(decoded.width == 4 && decoded.height == 2)
        #expect(Array(decoded.pixels[0..<3]) == [255, 0, 0])
        #expect(Array(decoded.pixels[9..<12]) == [255, 255, 255])
    }

    @Test func greyAndSixteenBitPNGsBecomeRGB8() throws {
        // A 2×1 16-bit greyscale PNG, built by hand: IHDR, one IDAT (zlib stored block), IEND.
        let raw: [UInt8] = [0, 0xFF, 0xFF, 0x80, 0x00]  // filter 0, then 65535, 32768
        let png = handMadePNG(width: 2, height: 1, bitDepth: 16, colourType: 0, scanlines: raw)
        let decoded = try PNG.decode(png)
        #expect(decoded.pixels == [255, 255, 255, 128, 128, 128])
    }

    @Test func refusesAnImageOverThePixelLimitFromItsHeader() throws {
        let png = try PNG.encode(RGBImage(width: 40, height: 30, pixels: [UInt8](repeating: 9, count: 3600)))
        #expect(try PNG.decode(png, maxPixels: 1200).width == 40)
        do {
            _ = try PNG.decode(png, source: "x.png", maxPixels: 1199)
            Issue.record("an image over the limit was decoded")
        } catch let large as PNG.TooLarge {
            #expect(large.width == 40 && large.height == 30 && large.limit == 1199)
            #expect(large.description == "x.png: it declares 40×30 pixels, over the limit of 1199")
        }
    }

    @Test func rejectsMalformedAndTruncatedFiles() throws {
        let good = try PNG.encode(image)
        let cases: [(Data, String)] = [
            (Data("GIF89a, not a png at all".utf8), "signature"),
            (good.prefix(good.count / 2), "truncated"),
            (good.prefix(12), "truncated"),
            (Data(), "signature"),
        ]
        for (bytes, phrase) in cases {
            #expect { try PNG.decode(bytes, source: "upload.png") } throws: { error in
                "\(error)".contains("upload.png") && "\(error)".contains(phrase)
            }
        }
        var corrupt = good
        corrupt[40] ^= 0xFF  // inside the image data: a CRC or zlib error, never a crash
        #expect(throws: PNG.Failure.self) { try PNG.decode(corrupt) }
    }

    func handMadePNG(width: UInt32, height: UInt32, bitDepth: UInt8, colourType: UInt8, scanlines: [UInt8]) -> Data {
        func chunk(_ type: String, _ body: [UInt8]) -> [UInt8] {
            let typed = Array(type.utf8) + body
            return be(UInt32(body.count)) + typed + be(crc32(typed))
        }
        let ihdr = be(width) + be(height) + [bitDepth, colourType, 0, 0, 0]
        // zlib: header 78 01, one final stored block (LEN, NLEN), the bytes, then Adler-32.
        let len = UInt16(scanlines.count)
        var zlib: [UInt8] =
            [0x78, 0x01, 0x01, UInt8(len & 0xFF), UInt8(len >> 8), UInt8(~len & 0xFF), UInt8(~len >> 8)] + scanlines
        zlib += be(adler32(scanlines))
        return Data(
            [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", ihdr) + chunk("IDAT", zlib)
                + chunk("IEND", []))
    }

    func be(_ v: UInt32) -> [UInt8] {
        [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
    }

    func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            crc ^= UInt32(b)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1
        var b: UInt32 = 0
        for x in bytes {
            a = (a + UInt32(x)) % 65521
            b = (b + a) % 65521
        }
        return b << 16 | a
    }
}

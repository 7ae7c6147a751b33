package cn.fazhi.pulse.report.render;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * A minimal PNG encoder (8-bit RGB, no filtering, fastest deflate). ImageIO's encoder tries five
 * filters on every row at best compression, which made drawing the chart the slowest step of a
 * report; a chart is mostly flat colour, which deflate packs well on its own.
 */
final class PngEncoder {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private PngEncoder() {}

    static byte[] encode(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        try {
            ByteArrayOutputStream png = new ByteArrayOutputStream(width * height / 4);
            png.write(SIGNATURE);
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            DataOutputStream fields = new DataOutputStream(header);
            fields.writeInt(width);
            fields.writeInt(height);
            fields.write(new byte[] {8, 2, 0, 0, 0}); // 8 bits, RGB, deflate, no filter method, no interlace
            chunk(png, "IHDR", header.toByteArray());
            chunk(png, "IDAT", scanlines(image));
            chunk(png, "IEND", new byte[0]);
            return png.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a PNG in memory", e);
        }
    }

    private static byte[] scanlines(BufferedImage image) throws IOException {
        int width = image.getWidth();
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try (DeflaterOutputStream out = new DeflaterOutputStream(compressed, deflater, 1 << 16)) {
            int[] argb = new int[width];
            byte[] row = new byte[1 + 3 * width]; // filter type 0, then R, G, B per pixel
            for (int y = 0; y < image.getHeight(); y++) {
                image.getRGB(0, y, width, 1, argb, 0, width);
                for (int x = 0; x < width; x++) {
                    row[1 + 3 * x] = (byte) (argb[x] >> 16);
                    row[2 + 3 * x] = (byte) (argb[x] >> 8);
                    row[3 + 3 * x] = (byte) argb[x];
                }
                out.write(row);
            }
        } finally {
            deflater.end();
        }
        return compressed.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) throws IOException {
        DataOutputStream out = new DataOutputStream(png);
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        out.writeInt(data.length);
        out.write(name);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }
}

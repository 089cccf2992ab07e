package io.tocsin.ingest.remotewrite;

import java.io.IOException;
import org.xerial.snappy.Snappy;

/**
 * Snappy's block format (not the framed stream format), as remote-write and Loki's protobuf push
 * use it. The uncompressed length is read from the block's header and checked against a limit
 * before anything is allocated, so that a small body cannot claim gigabytes.
 */
public final class SnappyBlock {
    private SnappyBlock() {}

    /** Bad input; the message is safe to show the client. */
    public static final class BadBlock extends Exception {
        BadBlock(String message) {
            super(message, null, false, false);
        }
    }

    public static byte[] uncompress(byte[] block, int maxBytes) throws BadBlock {
        if (block.length == 0) {
            throw new BadBlock("is empty");
        }
        int length;
        try {
            if (!Snappy.isValidCompressedBuffer(block)) {
                throw new BadBlock("is not snappy block-compressed (the framed format is not accepted either)");
            }
            length = Snappy.uncompressedLength(block);
        } catch (IOException e) {
            throw new BadBlock("is not snappy block-compressed");
        }
        if (length < 0 || length > maxBytes) {
            throw new BadBlock(
                    "uncompresses to " + Integer.toUnsignedString(length) + " bytes, at most " + maxBytes + " allowed");
        }
        try {
            return Snappy.uncompress(block);
        } catch (IOException e) {
            throw new BadBlock("is not snappy block-compressed");
        }
    }
}

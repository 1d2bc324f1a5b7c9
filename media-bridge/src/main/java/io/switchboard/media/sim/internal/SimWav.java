package io.switchboard.media.sim.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Writes and measures small PCM WAV files (8 kHz, 16-bit, mono) for the simulator's recordings. */
final class SimWav {

  static final int RATE = 8000;

  private SimWav() {}

  /** Writes {@code millis} of a quiet 440 Hz tone: a real, playable file of the recorded length. */
  static long write(Path path, long millis) throws IOException {
    int samples = (int) Math.max(0, millis * RATE / 1000);
    int dataBytes = samples * 2;
    if (path.getParent() != null) {
      Files.createDirectories(path.getParent());
    }
    ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
    header.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(36 + dataBytes)
        .put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .put("fmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16)
        .putShort((short) 1).putShort((short) 1).putInt(RATE).putInt(RATE * 2)
        .putShort((short) 2).putShort((short) 16)
        .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(dataBytes);
    ByteBuffer data = ByteBuffer.allocate(dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < samples; i++) {
      data.putShort((short) (Math.sin(2 * Math.PI * 440 * i / RATE) * 1000));
    }
    try (OutputStream out = Files.newOutputStream(path)) {
      out.write(header.array());
      out.write(data.array());
    }
    return 44L + dataBytes;
  }

  /** The length of a PCM WAV file, if {@code path} is one. */
  static Optional<Duration> length(String path) {
    if (!path.startsWith("/") || !path.toLowerCase(java.util.Locale.ROOT).endsWith(".wav")) {
      return Optional.empty();
    }
    Path p = Path.of(path);
    if (!Files.isRegularFile(p)) {
      return Optional.empty();
    }
    try (InputStream in = Files.newInputStream(p)) {
      byte[] h = in.readNBytes(44);
      if (h.length < 44 || h[0] != 'R' || h[8] != 'W') {
        return Optional.empty();
      }
      ByteBuffer b = ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN);
      int byteRate = b.getInt(28);
      long dataBytes = Files.size(p) - 44;
      if (byteRate <= 0) {
        return Optional.empty();
      }
      return Optional.of(Duration.ofMillis(dataBytes * 1000 / byteRate));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}

package io.tocsin.rules.topology;

import io.tocsin.core.wire.PushStamp;

/**
 * What one stage-1 source knows of one writer's pushes ({@link PushStamp}).
 *
 * @param writer       the writer
 * @param wholeThrough every push of the writer up to this arrival is wholly read in this partition
 * @param seen         the newest arrival read here, whole or not
 * @param claim        the stamp of the last record of the newest push read here whole: where the
 *     writer's other partitions must stand for that push, and every earlier one, to be whole
 *     everywhere; null before any
 * @param idle         nothing of the writer was read here for the idle timeout
 */
public record PushMark(String writer, long wholeThrough, long seen, PushStamp claim, boolean idle) {}

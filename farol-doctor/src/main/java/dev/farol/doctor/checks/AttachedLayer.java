package dev.farol.doctor.checks;

import dev.farol.doctor.layers.Layer;
import dev.farol.doctor.model.Val;
import java.util.Optional;

/** One of a function's layers as written, and what the doctor recognises it as (empty: unknown). */
public record AttachedLayer(Val written, Optional<Layer> layer) {}

package io.tocsin.rules.api;

import io.tocsin.rules.topology.GroupKey;
import io.tocsin.rules.topology.GroupState;

/** One (rule, group) as stage 2 last committed it. */
public record GroupEntry(GroupKey key, GroupState state) {}

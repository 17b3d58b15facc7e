package dev.farol.doctor.fix;

import java.util.List;

/**
 * One place a fix changes: the file as reports name it, the line the hunk starts at, and its lines, each
 * starting {@code -} (goes), {@code +} (comes) or a space (context).
 */
record Hunk(String file, int line, List<String> lines) {}

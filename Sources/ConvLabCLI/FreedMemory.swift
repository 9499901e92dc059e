#if canImport(CMalloc)
import CMalloc
#endif

/// How freed memory goes back to the system. glibc serves a block below its mmap threshold from
/// its heap, and raises that threshold (up to 32 MB) each time a larger block is freed; so once
/// a run freed its activation buffers, the next runs' buffers of a few MB each came from the
/// heap, whose freed pages stay with the process. A study trains its runs one after another in
/// one process, and grew by ~50 MB with each model. A fixed threshold of 256 KB sends every
/// block above it straight back when freed (the engine allocates its buffers once per run, not
/// per batch, so the system calls cost nothing measurable).
enum FreedMemory {
    static func returnLargeBlocksToTheSystem() {
        #if canImport(CMalloc)
        _ = mallopt(M_MMAP_THRESHOLD, 256 * 1024)
        #endif
    }
}

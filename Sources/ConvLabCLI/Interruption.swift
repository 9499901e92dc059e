#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a training command says when it is stopped (SIGTERM from a scheduler or `kill`, SIGINT
/// from Ctrl-C): one line, then the conventional status 128 + signal. Nothing needs undoing: each
/// run saves a checkpoint after every epoch and cache entries, checkpoints and reports are
/// renamed into place whole, so the same command continues where this one stopped.
enum Interruption {
    static func explainOnStop() {
        signal(SIGTERM, stopped)
        signal(SIGINT, stopped)
        // A parent may have started this process with them blocked (the mask is inherited).
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGTERM)
        sigaddset(&signals, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
    }
}

/// The handler: only async-signal-safe calls (write, _exit).
private func stopped(_ signal: Int32) {
    stopMessage.withUTF8Buffer { _ = write(2, $0.baseAddress, $0.count) }
    _exit(128 + signal)
}

private let stopMessage: StaticString = """

    report: stopped by a signal. Finished runs are in the run cache and an interrupted run keeps its \
    finished epochs; the previous report is untouched. Run the same command again to continue.

    """

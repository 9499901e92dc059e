import Foundation

/// How a study that adds seeds in rounds keeps its error rate although it tests after every
/// round: the Lan–DeMets Pocock-type spending function α(t) = α·ln(1 + (e − 1)·t) hands each look
/// the share of α it spends, α(t_r) − α(t_{r−1}), at equal steps of t; each look's family is
/// tested at its share. By the union bound the chance of any false verdict over all looks is at
/// most the sum of the shares, α: conservative, since the looks' statistics are correlated, but
/// exact in what it promises and free of any assumption about that correlation.
package enum AlphaSpending {
    /// The share of `alpha` each of `looks` looks tests at; one look has all of it.
    package static func levels(looks: Int, alpha: Double = Comparison.significanceLevel) -> [Double] {
        let spent = (0...looks).map { r in alpha * log(1 + (exp(1) - 1) * Double(r) / Double(looks)) }
        return (1...looks).map { spent[$0] - spent[$0 - 1] }
    }
}

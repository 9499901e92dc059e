/// A shaped view of a buffer of scalars, row-major; images are NHWC (channels last).
///
/// A `Tensor` is a view, not a value: copies share the buffer, and a layer hands out the same
/// buffer every step (allocated once, grown only when a larger batch arrives). `reshaped`
/// makes another view of the same elements.
public struct Tensor<T: Scalar> {
    public let shape: [Int]
    let storage: TensorStorage<T>

    public var count: Int { shape.reduce(1, *) }
    /// The leading dimension: the number of samples in a batch.
    public var batchSize: Int { shape.first ?? 0 }

    init(shape: [Int], storage: TensorStorage<T>) {
        precondition(shape.reduce(1, *) <= storage.capacity, "tensor shape \(shape) exceeds its buffer")
        self.shape = shape
        self.storage = storage
    }

    /// A new zero-filled tensor.
    public init(zeros shape: [Int]) {
        self.init(shape: shape, storage: TensorStorage(capacity: shape.reduce(1, *)))
    }

    public init(shape: [Int], values: [T]) {
        precondition(values.count == shape.reduce(1, *), "\(values.count) values do not fill shape \(shape)")
        self.init(zeros: shape)
        values.withUnsafeBufferPointer { storage.pointer.update(from: $0.baseAddress!, count: values.count) }
    }

    /// The first `n` samples of a batch, as a view.
    public func prefix(samples n: Int) -> Tensor {
        precondition(n <= batchSize, "\(n) samples from a batch of \(batchSize)")
        return Tensor(shape: [n] + shape.dropFirst(), storage: storage)
    }

    public func reshaped(_ newShape: [Int]) -> Tensor {
        precondition(newShape.reduce(1, *) == count, "cannot reshape \(shape) to \(newShape)")
        return Tensor(shape: newShape, storage: storage)
    }

    public var values: [T] { Array(UnsafeBufferPointer(start: storage.pointer, count: count)) }

    public subscript(flat index: Int) -> T {
        get {
            precondition(index >= 0 && index < count)
            return storage.pointer[index]
        }
        nonmutating set {
            precondition(index >= 0 && index < count)
            storage.pointer[index] = newValue
        }
    }

    /// Overwrites the elements with `values` (same count).
    public func assign(_ values: [T]) {
        precondition(values.count == count, "\(values.count) values for a tensor of \(count)")
        values.withUnsafeBufferPointer { storage.pointer.update(from: $0.baseAddress!, count: count) }
    }

    var pointer: UnsafeMutablePointer<T> { storage.pointer }
}

/// An owned, fixed-capacity buffer.
final class TensorStorage<T: Scalar> {
    let pointer: UnsafeMutablePointer<T>
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        pointer = .allocate(capacity: self.capacity)
        pointer.initialize(repeating: 0, count: self.capacity)
    }

    deinit { pointer.deallocate() }
}

/// A layer's reusable output or gradient buffer: `view(shape)` returns a tensor of that shape,
/// reallocating only when the shape needs more room than any earlier one.
struct Workspace<T: Scalar> {
    private var storage: TensorStorage<T>?

    mutating func view(_ shape: [Int]) -> Tensor<T> {
        let needed = shape.reduce(1, *)
        if storage == nil || storage!.capacity < needed { storage = TensorStorage(capacity: needed) }
        return Tensor(shape: shape, storage: storage!)
    }
}

import NeuralNet

/// A configuration's JSON is what its cache key hashes, so it leaves out what runs recorded
/// before it existed: nil options, and the layers of a model that are its name's built-in ones.
extension TrainingConfiguration {
    enum CodingKeys: String, CodingKey {
        case model, architecture, epochs, batchSize, seed, optimizer, validationCount, trainingLimit, testLimit
        case pixelPermutationSeed, augmentation, schedule, earlyStopping, computeThreads
        case sgd, labelSmoothing, lookahead, fractionalEpochs, dropsLastBatch, whitening, testTimeAugmentation
        case initialisation
    }

    package init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        model = try c.decode(StudyModel.self, forKey: .model)
        guard
            let architecture = try c.decodeIfPresent(Architecture.self, forKey: .architecture)
                ?? model.builtIn?.architecture
        else {
            throw DecodingError.dataCorruptedError(
                forKey: .architecture, in: c, debugDescription: "a run of model \(model) that records no layers")
        }
        self.architecture = architecture
        epochs = try c.decode(Int.self, forKey: .epochs)
        batchSize = try c.decode(Int.self, forKey: .batchSize)
        seed = try c.decode(UInt64.self, forKey: .seed)
        optimizer = try c.decodeIfPresent(Adam<Float>.Configuration.self, forKey: .optimizer) ?? .init()
        validationCount = try c.decode(Int.self, forKey: .validationCount)
        trainingLimit = try c.decodeIfPresent(Int.self, forKey: .trainingLimit)
        testLimit = try c.decodeIfPresent(Int.self, forKey: .testLimit)
        pixelPermutationSeed = try c.decodeIfPresent(UInt64.self, forKey: .pixelPermutationSeed)
        augmentation = try c.decodeIfPresent(Augmentation.self, forKey: .augmentation)
        schedule = try c.decodeIfPresent(LearningRateSchedule.self, forKey: .schedule)
        earlyStopping = try c.decodeIfPresent(EarlyStopping.self, forKey: .earlyStopping)
        computeThreads = try c.decodeIfPresent(Int.self, forKey: .computeThreads)
        sgd = try c.decodeIfPresent(SGDTraining.self, forKey: .sgd)
        labelSmoothing = try c.decodeIfPresent(Double.self, forKey: .labelSmoothing)
        lookahead = try c.decodeIfPresent(LookaheadSchedule.self, forKey: .lookahead)
        fractionalEpochs = try c.decodeIfPresent(Double.self, forKey: .fractionalEpochs)
        dropsLastBatch = try c.decodeIfPresent(Bool.self, forKey: .dropsLastBatch)
        whitening = try c.decodeIfPresent(WhiteningInitialisation.self, forKey: .whitening)
        testTimeAugmentation = try c.decodeIfPresent(TestTimeAugmentation.self, forKey: .testTimeAugmentation)
        initialisation = try c.decodeIfPresent(WeightInitialisation.self, forKey: .initialisation)
    }

    package func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(model, forKey: .model)
        if architecture != model.builtIn?.architecture { try c.encode(architecture, forKey: .architecture) }
        try c.encode(epochs, forKey: .epochs)
        try c.encode(batchSize, forKey: .batchSize)
        try c.encode(seed, forKey: .seed)
        if sgd == nil { try c.encode(optimizer, forKey: .optimizer) }
        try c.encode(validationCount, forKey: .validationCount)
        try c.encodeIfPresent(trainingLimit, forKey: .trainingLimit)
        try c.encodeIfPresent(testLimit, forKey: .testLimit)
        try c.encodeIfPresent(pixelPermutationSeed, forKey: .pixelPermutationSeed)
        try c.encodeIfPresent(augmentation, forKey: .augmentation)
        try c.encodeIfPresent(schedule, forKey: .schedule)
        try c.encodeIfPresent(earlyStopping, forKey: .earlyStopping)
        try c.encodeIfPresent(computeThreads, forKey: .computeThreads)
        try c.encodeIfPresent(sgd, forKey: .sgd)
        try c.encodeIfPresent(labelSmoothing, forKey: .labelSmoothing)
        try c.encodeIfPresent(lookahead, forKey: .lookahead)
        try c.encodeIfPresent(fractionalEpochs, forKey: .fractionalEpochs)
        try c.encodeIfPresent(dropsLastBatch, forKey: .dropsLastBatch)
        try c.encodeIfPresent(whitening, forKey: .whitening)
        try c.encodeIfPresent(testTimeAugmentation, forKey: .testTimeAugmentation)
        try c.encodeIfPresent(initialisation, forKey: .initialisation)
    }
}

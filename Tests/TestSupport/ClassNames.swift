/// CIFAR-10's class names, in label order: what batches.meta.txt lists.
package let cifarClassNames = [
    "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck",
]

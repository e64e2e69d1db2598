"""The kernel library, part 2, in Smalltalk: collections (Array, String,
Symbol, Interval, OrderedCollection, Dictionary, Set) and streams.

Printing follows GNU Smalltalk: ``#(1 $a 'b') printString`` is
``(1 $a 'b' )``, other collections print their class name first
(``OrderedCollection (1 2 3 )``); ``displayString`` shows the elements
with ``displayString``. Dictionaries keep their insertion order.
"""

KERNEL_COLLECTIONS = """
Collection extend [
    isCollection [ ^true ]
    isEmpty [ ^self size = 0 ]
    notEmpty [ ^self isEmpty not ]
    isEmptyOrNil [ ^self isEmpty ]
    ifEmpty: aBlock [ ^self isEmpty ifTrue: [aBlock value] ifFalse: [self] ]
    ifNotEmpty: aBlock [ ^self isEmpty ifTrue: [self] ifFalse: [aBlock numArgs = 0 ifTrue: [aBlock value] ifFalse: [aBlock value: self]] ]
    size [ | n | n := 0. self do: [:each | n := n + 1]. ^n ]
    do: aBlock [ ^self subclassResponsibility ]
    do: aBlock separatedBy: separatorBlock [
        | first |
        first := true.
        self do: [:each | first ifFalse: [separatorBlock value]. first := false. aBlock value: each] ]
    includes: anObject [ self do: [:each | each = anObject ifTrue: [^true]]. ^false ]
    occurrencesOf: anObject [ | n | n := 0. self do: [:each | each = anObject ifTrue: [n := n + 1]]. ^n ]
    anySatisfy: aBlock [ self do: [:each | (aBlock value: each) ifTrue: [^true]]. ^false ]
    allSatisfy: aBlock [ self do: [:each | (aBlock value: each) ifFalse: [^false]]. ^true ]
    contains: aBlock [ ^self anySatisfy: aBlock ]
    count: aBlock [ | n | n := 0. self do: [:each | (aBlock value: each) ifTrue: [n := n + 1]]. ^n ]
    detect: aBlock [ ^self detect: aBlock ifNone: [self notFoundError] ]
    detect: aBlock ifNone: exceptionBlock [
        self do: [:each | (aBlock value: each) ifTrue: [^each]].
        ^exceptionBlock value ]
    inject: initial into: aBlock [
        | acc |
        acc := initial.
        self do: [:each | acc := aBlock value: acc value: each].
        ^acc ]
    collect: aBlock [ | result | result := OrderedCollection new. self do: [:each | result add: (aBlock value: each)]. ^result ]
    select: aBlock [ | result | result := OrderedCollection new. self do: [:each | (aBlock value: each) ifTrue: [result add: each]]. ^result ]
    reject: aBlock [ ^self select: [:each | (aBlock value: each) not] ]
    detectMax: aBlock [
        | best bestValue |
        self do: [:each | | v | v := aBlock value: each.
            (bestValue isNil or: [v > bestValue]) ifTrue: [best := each. bestValue := v]].
        ^best ]
    detectMin: aBlock [
        | best bestValue |
        self do: [:each | | v | v := aBlock value: each.
            (bestValue isNil or: [v < bestValue]) ifTrue: [best := each. bestValue := v]].
        ^best ]
    max [ ^self inject: self anyOne into: [:a :b | a max: b] ]
    min [ ^self inject: self anyOne into: [:a :b | a min: b] ]
    sum [ ^self inject: 0 into: [:a :b | a + b] ]
    anyOne [ self do: [:each | ^each]. ^self emptyError ]
    asArray [ | result i | result := Array new: self size. i := 0. self do: [:each | i := i + 1. result at: i put: each]. ^result ]
    asOrderedCollection [ | result | result := OrderedCollection new. self do: [:each | result add: each]. ^result ]
    asSet [ | result | result := Set new. self do: [:each | result add: each]. ^result ]
    asSortedCollection [ ^SortedCollection new addAll: self; yourself ]
    asSortedCollection: aBlock [ ^(SortedCollection sortBlock: aBlock) addAll: self; yourself ]
    printOn: aStream [
        aStream nextPutAll: self class name; nextPutAll: ' ('.
        self do: [:each | aStream print: each; space].
        aStream nextPut: $) ]
    displayString [
        | stream |
        stream := WriteStream on: String new.
        stream nextPutAll: self class name; nextPutAll: ' ('.
        self do: [:each | stream nextPutAll: each displayString; space].
        stream nextPut: $).
        ^stream contents ]
]

SequenceableCollection extend [
    do: aBlock [ 1 to: self size do: [:i | aBlock value: (self at: i)] ]
    doWithIndex: aBlock [ 1 to: self size do: [:i | aBlock value: (self at: i) value: i] ]
    keysAndValuesDo: aBlock [ 1 to: self size do: [:i | aBlock value: i value: (self at: i)] ]
    reverseDo: aBlock [ self size to: 1 by: -1 do: [:i | aBlock value: (self at: i)] ]
    with: aCollection do: aBlock [ 1 to: self size do: [:i | aBlock value: (self at: i) value: (aCollection at: i)] ]
    first [ self isEmpty ifTrue: [^self emptyError]. ^self at: 1 ]
    last [ self isEmpty ifTrue: [^self emptyError]. ^self at: self size ]
    first: n [ ^self copyFrom: 1 to: n ]
    last: n [ ^self copyFrom: self size - n + 1 to: self size ]
    allButFirst [ ^self copyFrom: 2 to: self size ]
    allButLast [ ^self copyFrom: 1 to: self size - 1 ]
    indexOf: anObject [ 1 to: self size do: [:i | (self at: i) = anObject ifTrue: [^i]]. ^0 ]
    includes: anObject [ ^(self indexOf: anObject) > 0 ]
    = aCollection [
        self class == aCollection class ifFalse: [^false].
        self size = aCollection size ifFalse: [^false].
        1 to: self size do: [:i | (self at: i) = (aCollection at: i) ifFalse: [^false]].
        ^true ]
    hash [ | h | h := self size. self do: [:each | h := (h * 31 + each hash) bitAnd: 16r3FFFFFF]. ^h ]
    collect: aBlock [
        | result |
        result := self species new: self size.
        1 to: self size do: [:i | result at: i put: (aBlock value: (self at: i))].
        ^result ]
    with: aCollection collect: aBlock [
        | result |
        result := self species new: self size.
        1 to: self size do: [:i | result at: i put: (aBlock value: (self at: i) value: (aCollection at: i))].
        ^result ]
    select: aBlock [
        | result |
        result := OrderedCollection new.
        self do: [:each | (aBlock value: each) ifTrue: [result add: each]].
        ^self species withAll: result ]
    species [ ^Array ]
    reverse [
        | n result |
        n := self size.
        result := self species new: n.
        1 to: n do: [:i | result at: i put: (self at: n - i + 1)].
        ^result ]
    reversed [ ^self reverse ]
    , aCollection [
        | result n |
        n := self size.
        result := self species new: n + aCollection size.
        1 to: n do: [:i | result at: i put: (self at: i)].
        1 to: aCollection size do: [:i | result at: n + i put: (aCollection at: i)].
        ^result ]
    copyFrom: start to: stop [
        | result |
        result := self species new: stop - start + 1.
        start to: stop do: [:i | result at: i - start + 1 put: (self at: i)].
        ^result ]
    copyWith: anObject [ ^self , (Array with: anObject) ]
    asArray [ ^Array withAll: self ]
    readStream [ ^ReadStream on: self ]
    sort [ self sort: [:a :b | a <= b] ]
    sort: aBlock [
        | sorted |
        sorted := self asArray.
        sorted mergeSort: aBlock.
        1 to: self size do: [:i | self at: i put: (sorted at: i)] ]
    sorted: aBlock [ | result | result := self copy. result sort: aBlock. ^result ]
    sorted [ ^self sorted: [:a :b | a <= b] ]
]

ArrayedCollection class extend [
    new [ ^self new: 0 ]
    new: size withAll: anObject [ | result | result := self new: size. 1 to: size do: [:i | result at: i put: anObject]. ^result ]
    with: a [ ^(self new: 1) at: 1 put: a; yourself ]
    with: a with: b [ ^(self new: 2) at: 1 put: a; at: 2 put: b; yourself ]
    with: a with: b with: c [ ^(self new: 3) at: 1 put: a; at: 2 put: b; at: 3 put: c; yourself ]
    with: a with: b with: c with: d [ ^(self new: 4) at: 1 put: a; at: 2 put: b; at: 3 put: c; at: 4 put: d; yourself ]
    withAll: aCollection [ | result i | result := self new: aCollection size. i := 0. aCollection do: [:each | i := i + 1. result at: i put: each]. ^result ]
]

Array extend [
    at: index [ <primitive: 70> ^self indexError: index ]
    at: index put: anObject [ <primitive: 71> ^self indexError: index ]
    size [ <primitive: 72> ]
    copyFrom: start to: stop [ <primitive: 73> ^self indexError: stop ]
    , anArray [ <primitive: 74> ^super , anArray ]
    replaceFrom: start to: stop with: anArray startingAt: repStart [
        <primitive: 75>
        start to: stop do: [:i | self at: i put: (anArray at: repStart + i - start)] ]
    isArray [ ^true ]
    species [ ^Array ]
    mergeSort: aBlock [ self mergeSortFrom: 1 to: self size into: (Array new: self size) by: aBlock ]
    mergeSortFrom: lo to: hi into: tmp by: aBlock [
        | mid i j k |
        hi <= lo ifTrue: [^self].
        mid := (lo + hi) // 2.
        self mergeSortFrom: lo to: mid into: tmp by: aBlock.
        self mergeSortFrom: mid + 1 to: hi into: tmp by: aBlock.
        i := lo. j := mid + 1. k := lo.
        [i <= mid and: [j <= hi]] whileTrue: [
            (aBlock value: (self at: i) value: (self at: j))
                ifTrue: [tmp at: k put: (self at: i). i := i + 1]
                ifFalse: [tmp at: k put: (self at: j). j := j + 1].
            k := k + 1].
        [i <= mid] whileTrue: [tmp at: k put: (self at: i). i := i + 1. k := k + 1].
        [j <= hi] whileTrue: [tmp at: k put: (self at: j). j := j + 1. k := k + 1].
        lo to: hi do: [:m | self at: m put: (tmp at: m)] ]
    printOn: aStream [
        aStream nextPut: $(.
        self do: [:each | aStream print: each; space].
        aStream nextPut: $) ]
    displayString [
        | stream |
        stream := WriteStream on: String new.
        stream nextPut: $(.
        self do: [:each | stream nextPutAll: each displayString; space].
        stream nextPut: $).
        ^stream contents ]
]

String class extend [
    new: size withAll: aCharacter [ | result | result := self new: size. 1 to: size do: [:i | result at: i put: aCharacter]. ^result ]
]

String extend [
    at: index [ <primitive: 70> ^self indexError: index ]
    at: index put: aCharacter [ <primitive: 71> ^self stringStoreFailed: index value: aCharacter ]
    size [ <primitive: 72> ]
    copyFrom: start to: stop [ <primitive: 73> ^self indexError: stop ]
    , aString [ <primitive: 74> ^self , aString asString ]
    replaceFrom: start to: stop with: aString startingAt: repStart [
        <primitive: 75>
        start to: stop do: [:i | self at: i put: (aString at: repStart + i - start)] ]
    = aString [ <primitive: 80> ]
    < aString [ <primitive: 81> ^WrongClass new signal: 'not a string: ', aString printString ]
    > aString [ ^aString < self ]
    <= aString [ ^(aString < self) not ]
    >= aString [ ^(self < aString) not ]
    max: aString [ ^self > aString ifTrue: [self] ifFalse: [aString] ]
    min: aString [ ^self < aString ifTrue: [self] ifFalse: [aString] ]
    hash [ <primitive: 82> ]
    asSymbol [ <primitive: 83> ]
    asString [ ^self ]
    displayString [ <primitive: 84> ]
    printString [ <primitive: 85> ]
    printOn: aStream [ aStream nextPutAll: self printString ]
    displayNl [ Transcript showCr: self ]
    asUppercase [ <primitive: 86> ]
    asLowercase [ <primitive: 87> ]
    asNumber [ <primitive: 88> ]
    asInteger [ <primitive: 88> ]
    reverse [ <primitive: 89> ]
    reversed [ <primitive: 89> ]
    includesSubstring: aString [ <primitive: 90> ^WrongClass new signal: 'not a string: ', aString printString ]
    substrings [ <primitive: 92> ]
    substrings: separators [ <primitive: 93> ^WrongClass new signal: 'separators must be a string or a character' ]
    subStrings [ <primitive: 92> ]
    subStrings: separators [ <primitive: 93> ^WrongClass new signal: 'separators must be a string or a character' ]
    tokenize: separators [ <primitive: 93> ^WrongClass new signal: 'separators must be a string or a character' ]
    indexOf: aCharacter [ <primitive: 94> ^0 ]
    copyReplaceAll: old with: new [ <primitive: 95> ^WrongClass new signal: 'copyReplaceAll:with: needs non-empty strings' ]
    trimSeparators [ <primitive: 96> ]
    startsWith: aString [ <primitive: 97> ^false ]
    endsWith: aString [ <primitive: 98> ^false ]
    lines [ <primitive: 99> ]
    copyWith: aCharacter [ <primitive: 104> ^WrongClass new signal: 'not a character: ', aCharacter printString ]
    join: aCollection [ <primitive: 107> ^self join: (aCollection asArray collect: [:each | each displayString]) ]
    occurrencesOf: aCharacter [ <primitive: 108> ^0 ]
    isString [ ^true ]
    isEmpty [ ^self size = 0 ]
    species [ ^String ]
    asArray [ ^Array withAll: self ]
    stringStoreFailed: index value: aCharacter [
        aCharacter isCharacter ifFalse: [^WrongClass new signal: 'strings hold characters, not ', aCharacter printString].
        ^self indexError: index ]
]

Symbol extend [
    = anObject [ ^self == anObject ]
    hash [ <primitive: 82> ]
    asSymbol [ ^self ]
    asString [ <primitive: 84> ]
    printString [ <primitive: 91> ]
    printOn: aStream [ aStream nextPutAll: self printString ]
    displayString [ <primitive: 84> ]
    displayNl [ Transcript showCr: self displayString ]
    numArgs [ <primitive: 100> ]
    isSymbol [ ^true ]
    species [ ^String ]
    shallowCopy [ ^self ]
    deepCopy [ ^self ]
    stringStoreFailed: index value: aCharacter [ ^self error: 'symbols cannot be changed' ]
]

SequenceableCollection subclass: Interval [
    | start stop step |
    Interval class >> from: a to: b by: s [ ^self basicNew setFrom: a to: b by: s ]
    Interval class >> from: a to: b [ ^self basicNew setFrom: a to: b by: 1 ]
    setFrom: a to: b by: s [
        s = 0 ifTrue: [^self error: 'step must not be zero'].
        start := a. stop := b. step := s ]
    size [
        step > 0 ifTrue: [stop < start ifTrue: [^0]. ^(stop - start) // step + 1].
        start < stop ifTrue: [^0].
        ^(start - stop) // step negated + 1 ]
    at: index [
        (index >= 1 and: [index <= self size]) ifTrue: [^start + (index - 1 * step)].
        ^self indexError: index ]
    at: index put: anObject [ ^self error: 'intervals cannot be changed' ]
    do: aBlock [
        | i |
        i := start.
        step > 0
            ifTrue: [[i <= stop] whileTrue: [aBlock value: i. i := i + step]]
            ifFalse: [[i >= stop] whileTrue: [aBlock value: i. i := i + step]] ]
    species [ ^Array ]
    printOn: aStream [
        aStream nextPut: $(.
        self do: [:each | aStream print: each; space].
        aStream nextPut: $) ]
]

SequenceableCollection subclass: OrderedCollection [
    | items firstIndex lastIndex |
    OrderedCollection class >> new [ ^self new: 8 ]
    OrderedCollection class >> new: capacity [ ^self basicNew setCapacity: capacity ]
    OrderedCollection class >> with: a [ ^self new add: a; yourself ]
    OrderedCollection class >> with: a with: b [ ^self new add: a; add: b; yourself ]
    OrderedCollection class >> with: a with: b with: c [ ^self new add: a; add: b; add: c; yourself ]
    OrderedCollection class >> withAll: aCollection [ ^self new addAll: aCollection; yourself ]
    setCapacity: capacity [ items := Array new: (capacity max: 4). firstIndex := 1. lastIndex := 0 ]
    size [ ^lastIndex - firstIndex + 1 ]
    isEmpty [ ^lastIndex < firstIndex ]
    at: index [
        (index < 1 or: [index > (lastIndex - firstIndex + 1)]) ifTrue: [^self indexError: index].
        ^items at: firstIndex + index - 1 ]
    at: index put: anObject [
        (index < 1 or: [index > (lastIndex - firstIndex + 1)]) ifTrue: [^self indexError: index].
        ^items at: firstIndex + index - 1 put: anObject ]
    add: anObject [ ^self addLast: anObject ]
    addLast: anObject [
        lastIndex = items size ifTrue: [self growAtEnd].
        lastIndex := lastIndex + 1.
        ^items at: lastIndex put: anObject ]
    addFirst: anObject [
        firstIndex = 1 ifTrue: [self growAtStart].
        firstIndex := firstIndex - 1.
        ^items at: firstIndex put: anObject ]
    addAll: aCollection [ aCollection do: [:each | self addLast: each]. ^aCollection ]
    removeFirst [
        | value |
        lastIndex < firstIndex ifTrue: [^self emptyError].
        value := items at: firstIndex.
        items at: firstIndex put: nil.
        firstIndex := firstIndex + 1.
        ^value ]
    removeLast [
        | value |
        lastIndex < firstIndex ifTrue: [^self emptyError].
        value := items at: lastIndex.
        items at: lastIndex put: nil.
        lastIndex := lastIndex - 1.
        ^value ]
    removeFirst: n [ | result | result := Array new: n. 1 to: n do: [:i | result at: i put: self removeFirst]. ^result ]
    removeAll [ self setCapacity: 8 ]
    remove: anObject [ ^self remove: anObject ifAbsent: [self notFoundError] ]
    remove: anObject ifAbsent: aBlock [
        | index |
        index := self indexOf: anObject.
        index = 0 ifTrue: [^aBlock value].
        self removeIndex: index.
        ^anObject ]
    removeIndex: index [
        | value |
        value := self at: index.
        firstIndex + index - 1 to: lastIndex - 1 do: [:i | items at: i put: (items at: i + 1)].
        items at: lastIndex put: nil.
        lastIndex := lastIndex - 1.
        ^value ]
    removeAll: aCollection [ aCollection do: [:each | self remove: each]. ^aCollection ]
    add: anObject beforeIndex: index [
        | position |
        (index < 1 or: [index > (lastIndex - firstIndex + 2)]) ifTrue: [^self indexError: index].
        lastIndex = items size ifTrue: [self growAtEnd].
        position := firstIndex + index - 1.
        lastIndex to: position by: -1 do: [:i | items at: i + 1 put: (items at: i)].
        items at: position put: anObject.
        lastIndex := lastIndex + 1.
        ^anObject ]
    insert: anObject before: index [ ^self add: anObject beforeIndex: index ]
    do: aBlock [ firstIndex to: lastIndex do: [:i | aBlock value: (items at: i)] ]
    growAtEnd [
        | bigger |
        bigger := Array new: items size * 2.
        bigger replaceFrom: 1 to: items size with: items startingAt: 1.
        items := bigger ]
    growAtStart [
        | bigger n |
        n := items size.
        bigger := Array new: n * 2.
        bigger replaceFrom: n + 1 to: n * 2 with: items startingAt: 1.
        items := bigger.
        firstIndex := firstIndex + n.
        lastIndex := lastIndex + n ]
    postCopy [ items := items copy ]
    species [ ^OrderedCollection ]
    collect: aBlock [ | result | result := OrderedCollection new: self size. self do: [:each | result addLast: (aBlock value: each)]. ^result ]
    select: aBlock [ | result | result := OrderedCollection new. self do: [:each | (aBlock value: each) ifTrue: [result addLast: each]]. ^result ]
    copyFrom: start to: stop [ | result | result := OrderedCollection new. start to: stop do: [:i | result addLast: (self at: i)]. ^result ]
    , aCollection [ ^self copy addAll: aCollection; yourself ]
    reverse [ | result | result := OrderedCollection new. self reverseDo: [:each | result addLast: each]. ^result ]
    asArray [ ^items copyFrom: firstIndex to: lastIndex ]
    asOrderedCollection [ ^self copy ]
]

OrderedCollection subclass: SortedCollection [
    | sortBlock |
    SortedCollection class >> sortBlock: aBlock [ ^self new setSortBlock: aBlock ]
    setSortBlock: aBlock [ sortBlock := aBlock ]
    sortBlock [ ^sortBlock ifNil: [sortBlock := [:a :b | a <= b]] ]
    sortBlock: aBlock [ sortBlock := aBlock. self resort ]
    add: anObject [ ^super add: anObject beforeIndex: (self insertionIndexFor: anObject) ]
    addAll: aCollection [ aCollection do: [:each | super addLast: each]. self resort. ^aCollection ]
    insertionIndexFor: anObject [
        "After the elements that sort before it or equal to it."
        | low high mid block |
        block := self sortBlock.
        low := 1.
        high := self size.
        [low <= high] whileTrue: [
            mid := (low + high) // 2.
            (block value: (self at: mid) value: anObject)
                ifTrue: [low := mid + 1]
                ifFalse: [high := mid - 1]].
        ^low ]
    resort [
        | sorted |
        sorted := self asArray.
        sorted mergeSort: self sortBlock.
        1 to: sorted size do: [:i | super at: i put: (sorted at: i)] ]
    addFirst: anObject [ ^self shouldNotImplement ]
    addLast: anObject [ ^self shouldNotImplement ]
    at: index put: anObject [ ^self shouldNotImplement ]
    add: anObject beforeIndex: index [ ^self shouldNotImplement ]
    collect: aBlock [ | result | result := OrderedCollection new: self size. self do: [:each | result addLast: (aBlock value: each)]. ^result ]
    select: aBlock [ | result | result := SortedCollection sortBlock: self sortBlock. self do: [:each | (aBlock value: each) ifTrue: [result add: each]]. ^result ]
    copyFrom: start to: stop [ | result | result := SortedCollection sortBlock: self sortBlock. start to: stop do: [:i | result add: (self at: i)]. ^result ]
    reverse [ | result | result := OrderedCollection new. self reverseDo: [:each | result addLast: each]. ^result ]
    median [ ^self at: self size + 1 // 2 ]
]

Collection subclass: Dictionary [
    | keys values tally index |
    Dictionary class >> new [ ^self basicNew setCapacity: 8 ]
    Dictionary class >> new: capacity [ ^self basicNew setCapacity: (capacity max: 4) ]
    setCapacity: capacity [
        keys := Array new: capacity.
        values := Array new: capacity.
        tally := 0.
        index := Array new: capacity * 2 ]
    hashOf: key [ ^key hash ]
    is: key1 sameKeyAs: key2 [ ^key1 = key2 ]
    slotOf: key [
        | mask i pos |
        mask := index size.
        i := (self hashOf: key) \\\\ mask + 1.
        [pos := index at: i. pos isNil or: [self is: (keys at: pos) sameKeyAs: key]]
            whileFalse: [i := i \\\\ mask + 1].
        ^i ]
    at: key put: value [
        | slot pos |
        slot := self slotOf: key.
        pos := index at: slot.
        pos isNil ifFalse: [^values at: pos put: value].
        tally = keys size ifTrue: [self grow. slot := self slotOf: key].
        tally := tally + 1.
        keys at: tally put: key.
        values at: tally put: value.
        index at: slot put: tally.
        ^value ]
    at: key ifAbsent: aBlock [
        | pos |
        pos := index at: (self slotOf: key).
        pos isNil ifTrue: [^aBlock value].
        ^values at: pos ]
    at: key [ ^self at: key ifAbsent: [KeyNotFound new signal: 'key not found: ', key printString] ]
    at: key ifAbsentPut: aBlock [ ^self at: key ifAbsent: [self at: key put: aBlock value] ]
    at: key ifPresent: aBlock [
        | pos |
        pos := index at: (self slotOf: key).
        pos isNil ifTrue: [^nil].
        ^aBlock value: (values at: pos) ]
    includesKey: key [ ^(index at: (self slotOf: key)) notNil ]
    removeKey: key [ ^self removeKey: key ifAbsent: [KeyNotFound new signal: 'key not found: ', key printString] ]
    removeKey: key ifAbsent: aBlock [
        | pos value |
        pos := index at: (self slotOf: key).
        pos isNil ifTrue: [^aBlock value].
        value := values at: pos.
        pos to: tally - 1 do: [:j | keys at: j put: (keys at: j + 1). values at: j put: (values at: j + 1)].
        keys at: tally put: nil.
        values at: tally put: nil.
        tally := tally - 1.
        self rehash.
        ^value ]
    grow [
        | oldKeys oldValues n |
        oldKeys := keys. oldValues := values. n := tally.
        self setCapacity: keys size * 2.
        1 to: n do: [:j | self at: (oldKeys at: j) put: (oldValues at: j)] ]
    rehash [
        index := Array new: index size.
        1 to: tally do: [:j | index at: (self slotOf: (keys at: j)) put: j] ]
    size [ ^tally ]
    keysAndValuesDo: aBlock [ 1 to: tally do: [:j | aBlock value: (keys at: j) value: (values at: j)] ]
    associationsDo: aBlock [ 1 to: tally do: [:j | aBlock value: (keys at: j) -> (values at: j)] ]
    keysDo: aBlock [ 1 to: tally do: [:j | aBlock value: (keys at: j)] ]
    valuesDo: aBlock [ 1 to: tally do: [:j | aBlock value: (values at: j)] ]
    do: aBlock [ self valuesDo: aBlock ]
    keys [ ^keys copyFrom: 1 to: tally ]
    values [ ^values copyFrom: 1 to: tally ]
    associations [ | result | result := Array new: tally. 1 to: tally do: [:j | result at: j put: (keys at: j) -> (values at: j)]. ^result ]
    includes: anObject [ self do: [:each | each = anObject ifTrue: [^true]]. ^false ]
    keyAtValue: anObject [ 1 to: tally do: [:j | (values at: j) = anObject ifTrue: [^keys at: j]]. ^nil ]
    keysSortedBy: aBlock [ | result | result := self keys. result mergeSort: aBlock. ^result ]
    collect: aBlock [ | result | result := OrderedCollection new. self do: [:each | result add: (aBlock value: each)]. ^result ]
    select: aBlock [
        | result |
        result := self class new.
        self keysAndValuesDo: [:k :v | (aBlock value: v) ifTrue: [result at: k put: v]].
        ^result ]
    postCopy [ keys := keys copy. values := values copy. index := index copy ]
    printOn: aStream [
        aStream nextPutAll: self class article; space; nextPutAll: self class name; nextPutAll: ' ('.
        self keysAndValuesDo: [:k :v | aStream print: k; nextPutAll: '->'; print: v; space].
        aStream nextPut: $) ]
    displayString [
        | stream |
        stream := WriteStream on: String new.
        stream nextPutAll: self class article; space; nextPutAll: self class name; nextPutAll: ' ('.
        self keysAndValuesDo: [:k :v | stream nextPutAll: k displayString; nextPutAll: '->'; nextPutAll: v displayString; space].
        stream nextPut: $).
        ^stream contents ]
]

Dictionary subclass: IdentityDictionary [
    hashOf: key [ ^key identityHash ]
    is: key1 sameKeyAs: key2 [ ^key1 == key2 ]
]

Collection subclass: Set [
    | elements |
    Set class >> new [ ^self basicNew setElements ]
    Set class >> new: capacity [ ^self new ]
    Set class >> withAll: aCollection [ ^self new addAll: aCollection; yourself ]
    setElements [ elements := Dictionary new ]
    add: anObject [ elements at: anObject put: anObject. ^anObject ]
    addAll: aCollection [ aCollection do: [:each | self add: each]. ^aCollection ]
    remove: anObject [ ^elements removeKey: anObject ifAbsent: [self notFoundError] ]
    remove: anObject ifAbsent: aBlock [ ^elements removeKey: anObject ifAbsent: aBlock ]
    includes: anObject [ ^elements includesKey: anObject ]
    size [ ^elements size ]
    do: aBlock [ elements keysDo: aBlock ]
    collect: aBlock [ | result | result := Set new. self do: [:each | result add: (aBlock value: each)]. ^result ]
    select: aBlock [ | result | result := Set new. self do: [:each | (aBlock value: each) ifTrue: [result add: each]]. ^result ]
    postCopy [ elements := elements copy ]
]

Object subclass: WriteStream [
    "Collects the pieces written and joins them once, when asked for the contents."
    | parts |
    WriteStream class >> on: aString [ ^self basicNew setParts ]
    WriteStream class >> with: aString [ ^self basicNew setParts; nextPutAll: aString; yourself ]
    setParts [ parts := OrderedCollection new ]
    nextPutAll: aString [
        aString isString ifFalse: [^WrongClass new signal: 'nextPutAll: expects a string, not ', aString printString].
        parts addLast: aString ]
    nextPut: aCharacter [
        aCharacter isCharacter ifFalse: [^WrongClass new signal: 'nextPut: expects a character, not ', aCharacter printString].
        parts addLast: aCharacter asString ]
    print: anObject [ anObject printOn: self ]
    display: anObject [ self nextPutAll: anObject displayString ]
    << anObject [ self nextPutAll: anObject displayString ]
    nl [ self nextPut: Character nl ]
    cr [ self nextPut: Character nl ]
    tab [ self nextPut: Character tab ]
    space [ self nextPut: Character space ]
    contents [
        | text |
        text := '' join: parts asArray.
        parts := OrderedCollection with: text.
        ^text ]
]

Object subclass: ReadStream [
    | collection position |
    ReadStream class >> on: aCollection [ ^self basicNew setCollection: aCollection ]
    setCollection: aCollection [ collection := aCollection. position := 0 ]
    atEnd [ ^position >= collection size ]
    next [ self atEnd ifTrue: [^nil]. position := position + 1. ^collection at: position ]
    peek [ self atEnd ifTrue: [^nil]. ^collection at: position + 1 ]
    skip: n [ position := position + n ]
    upToEnd [ | result | result := collection copyFrom: position + 1 to: collection size. position := collection size. ^result ]
    upTo: anObject [
        | start |
        start := position + 1.
        [self atEnd or: [(collection at: position + 1) = anObject]] whileFalse: [position := position + 1].
        self atEnd ifTrue: [^collection copyFrom: start to: position].
        position := position + 1.
        ^collection copyFrom: start to: position - 1 ]
]
"""

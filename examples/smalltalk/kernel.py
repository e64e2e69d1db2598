"""The kernel library, part 1, in Smalltalk: objects, booleans, nil,
numbers, characters, blocks, exceptions, classes, contexts, the Transcript
and ``Smalltalk``. Loaded before every program (``kernel_collections.py``
has the collections and streams).

Methods with ``<primitive: N>`` run primitive N (``primitives.py``); their
Smalltalk code runs only when the primitive fails, and reports why.
"""

KERNEL_CORE = """
Object extend [
    == anObject [ <primitive: 30> ]
    = anObject [ ^self == anObject ]
    ~= anObject [ ^(self = anObject) not ]
    ~~ anObject [ ^(self == anObject) not ]
    hash [ ^self identityHash ]
    identityHash [ <primitive: 32> ]
    class [ <primitive: 31> ]
    yourself [ ^self ]
    copy [ ^self shallowCopy postCopy ]
    shallowCopy [ <primitive: 37> ]
    postCopy [ ^self ]
    isNil [ ^false ]
    notNil [ ^true ]
    ifNil: nilBlock [ ^self ]
    ifNotNil: aBlock [ ^aBlock numArgs = 0 ifTrue: [aBlock value] ifFalse: [aBlock value: self] ]
    ifNil: nilBlock ifNotNil: aBlock [ ^self ifNotNil: aBlock ]
    ifNotNil: aBlock ifNil: nilBlock [ ^self ifNotNil: aBlock ]
    isString [ ^false ]
    isSymbol [ ^false ]
    isNumber [ ^false ]
    isInteger [ ^false ]
    isCharacter [ ^false ]
    isArray [ ^false ]
    isClass [ ^false ]
    isBoolean [ ^false ]
    isCollection [ ^false ]
    isKindOf: aClass [ ^self class includesBehavior: aClass ]
    isMemberOf: aClass [ ^self class == aClass ]
    respondsTo: aSymbol [ <primitive: 38> ^false ]
    instVarAt: index [ <primitive: 35> ^self indexError: index ]
    instVarAt: index put: value [ <primitive: 36> ^self indexError: index ]
    basicSize [ <primitive: 43> ]
    -> anObject [ ^Association key: self value: anObject ]
    printOn: aStream [ aStream nextPutAll: self class article; space; nextPutAll: self class name ]
    printString [ | stream | stream := WriteStream on: String new. self printOn: stream. ^stream contents ]
    displayString [ ^self printString ]
    displayOn: aStream [ aStream nextPutAll: self displayString ]
    printNl [ Transcript showCr: self printString ]
    displayNl [ Transcript showCr: self displayString ]
    perform: aSymbol [ <primitive: 207> ^self performFailed: aSymbol ]
    perform: aSymbol with: a [ <primitive: 207> ^self performFailed: aSymbol ]
    perform: aSymbol with: a with: b [ <primitive: 207> ^self performFailed: aSymbol ]
    perform: aSymbol with: a with: b with: c [ <primitive: 207> ^self performFailed: aSymbol ]
    perform: aSymbol withArguments: anArray [ <primitive: 208> ^self performFailed: aSymbol ]
    performFailed: aSymbol [
        ^InvalidArgument new signal: 'wrong number of arguments for ', aSymbol printString ]
    error: aString [ ^Error new signal: aString ]
    doesNotUnderstand: aMessage [
        ^MessageNotUnderstood new message: aMessage receiver: self; signal ]
    mustBeBoolean [ ^WrongClass new signal: 'true or false expected, got ', self printString ]
    undeclaredVariable: aSymbol [ ^Error new signal: 'undeclared variable ', aSymbol ]
    subclassResponsibility [ ^self error: 'This method is a subclass responsibility' ]
    shouldNotImplement [ ^self error: 'This method should not be called for instances of this class' ]
    halt [ ^self error: 'halt' ]
    assert: aBoolean [ aBoolean ifFalse: [^Error new signal: 'Assertion failed'] ]
    indexError: index [
        ^IndexOutOfRange new signal: 'Index value ', index printString,
            ' out of range: only ', self size printString, ' elements' ]
    emptyError [ ^EmptyCollection new signal: 'collection is empty' ]
    notFoundError [ ^NotFound new signal: 'Object not found' ]
]

UndefinedObject extend [
    isNil [ ^true ]
    notNil [ ^false ]
    ifNil: nilBlock [ ^nilBlock value ]
    ifNotNil: aBlock [ ^nil ]
    ifNil: nilBlock ifNotNil: aBlock [ ^nilBlock value ]
    ifNotNil: aBlock ifNil: nilBlock [ ^nilBlock value ]
    isEmptyOrNil [ ^true ]
    printOn: aStream [ aStream nextPutAll: 'nil' ]
    printString [ ^'nil' ]
]

Boolean extend [
    isBoolean [ ^true ]
    shallowCopy [ ^self ]
    deepCopy [ ^self ]
]

True extend [
    ifTrue: trueBlock [ ^trueBlock value ]
    ifFalse: falseBlock [ ^nil ]
    ifTrue: trueBlock ifFalse: falseBlock [ ^trueBlock value ]
    ifFalse: falseBlock ifTrue: trueBlock [ ^trueBlock value ]
    and: aBlock [ ^aBlock value ]
    or: aBlock [ ^true ]
    & aBoolean [ ^aBoolean ]
    | aBoolean [ ^true ]
    not [ ^false ]
    xor: aBoolean [ ^aBoolean not ]
    printOn: aStream [ aStream nextPutAll: 'true' ]
    printString [ ^'true' ]
]

False extend [
    ifTrue: trueBlock [ ^nil ]
    ifFalse: falseBlock [ ^falseBlock value ]
    ifTrue: trueBlock ifFalse: falseBlock [ ^falseBlock value ]
    ifFalse: falseBlock ifTrue: trueBlock [ ^falseBlock value ]
    and: aBlock [ ^false ]
    or: aBlock [ ^aBlock value ]
    & aBoolean [ ^false ]
    | aBoolean [ ^aBoolean ]
    not [ ^true ]
    xor: aBoolean [ ^aBoolean ]
    printOn: aStream [ aStream nextPutAll: 'false' ]
    printString [ ^'false' ]
]

Magnitude extend [
    < aMagnitude [ ^self subclassResponsibility ]
    > aMagnitude [ ^aMagnitude < self ]
    <= aMagnitude [ ^(aMagnitude < self) not ]
    >= aMagnitude [ ^(self < aMagnitude) not ]
    between: min and: max [ ^self >= min and: [self <= max] ]
    max: aMagnitude [ ^self > aMagnitude ifTrue: [self] ifFalse: [aMagnitude] ]
    min: aMagnitude [ ^self < aMagnitude ifTrue: [self] ifFalse: [aMagnitude] ]
]

Number extend [
    isNumber [ ^true ]
    abs [ ^self < 0 ifTrue: [self negated] ifFalse: [self] ]
    negated [ ^0 - self ]
    sign [ self > 0 ifTrue: [^1]. self < 0 ifTrue: [^-1]. ^0 ]
    isZero [ ^self = 0 ]
    positive [ ^self >= 0 ]
    strictlyPositive [ ^self > 0 ]
    negative [ ^self < 0 ]
    squared [ ^self * self ]
    even [ ^self \\\\ 2 = 0 ]
    odd [ ^self \\\\ 2 = 1 ]
    to: stop [ ^Interval from: self to: stop by: 1 ]
    to: stop by: step [ ^Interval from: self to: stop by: step ]
    to: stop do: aBlock [ | i | i := self. [i <= stop] whileTrue: [aBlock value: i. i := i + 1] ]
    to: stop by: step do: aBlock [
        | i |
        step = 0 ifTrue: [^self error: 'step must not be zero'].
        i := self.
        step > 0
            ifTrue: [[i <= stop] whileTrue: [aBlock value: i. i := i + step]]
            ifFalse: [[i >= stop] whileTrue: [aBlock value: i. i := i + step]] ]
    timesRepeat: aBlock [ | i | i := 1. [i <= self] whileTrue: [aBlock value. i := i + 1] ]
    @ y [ ^Point x: self y: y ]
    asString [ ^self printString ]
    displayString [ ^self printString ]
    printOn: aStream [ aStream nextPutAll: self printString ]
]

Integer extend [
    isInteger [ ^true ]
    asInteger [ ^self ]
    hash [ ^self ]
    gcd: anInteger [
        | a b t |
        a := self abs. b := anInteger abs.
        [b = 0] whileFalse: [t := a \\\\ b. a := b. b := t].
        ^a ]
    lcm: anInteger [ ^(self // (self gcd: anInteger) * anInteger) abs ]
    factorial [
        | result |
        self < 0 ifTrue: [^self error: 'factorial of a negative number'].
        result := 1.
        2 to: self do: [:i | result := result * i].
        ^result ]
    isPrime [
        | i |
        self < 2 ifTrue: [^false].
        i := 2.
        [i * i <= self] whileTrue: [self \\\\ i = 0 ifTrue: [^false]. i := i + 1].
        ^true ]
    raisedTo: anInteger [
        | result |
        anInteger < 0 ifTrue: [^ArithmeticError new signal: 'negative exponents are not supported'].
        result := 1.
        anInteger timesRepeat: [result := result * self].
        ^result ]
    asCharacter [ ^Character value: self ]
]

SmallInteger extend [
    + aNumber [ <primitive: 1> ^self arithmeticFailed: #+ with: aNumber ]
    - aNumber [ <primitive: 2> ^self arithmeticFailed: #- with: aNumber ]
    * aNumber [ <primitive: 3> ^self arithmeticFailed: #* with: aNumber ]
    // aNumber [ <primitive: 4> ^self divisionFailed: #// with: aNumber ]
    \\\\ aNumber [ <primitive: 5> ^self divisionFailed: #'\\\\' with: aNumber ]
    quo: aNumber [ <primitive: 6> ^self divisionFailed: #quo: with: aNumber ]
    rem: aNumber [ <primitive: 7> ^self divisionFailed: #rem: with: aNumber ]
    / aNumber [ <primitive: 8> ^self divisionFailed: #/ with: aNumber ]
    < aNumber [ <primitive: 9> ^self arithmeticFailed: #< with: aNumber ]
    > aNumber [ <primitive: 10> ^self arithmeticFailed: #> with: aNumber ]
    <= aNumber [ <primitive: 11> ^self arithmeticFailed: #<= with: aNumber ]
    >= aNumber [ <primitive: 12> ^self arithmeticFailed: #>= with: aNumber ]
    = aNumber [ <primitive: 13> ^false ]
    ~= aNumber [ <primitive: 14> ^true ]
    bitAnd: anInteger [ <primitive: 15> ^self arithmeticFailed: #bitAnd: with: anInteger ]
    bitOr: anInteger [ <primitive: 16> ^self arithmeticFailed: #bitOr: with: anInteger ]
    bitXor: anInteger [ <primitive: 17> ^self arithmeticFailed: #bitXor: with: anInteger ]
    bitShift: anInteger [ <primitive: 18> ^self arithmeticFailed: #bitShift: with: anInteger ]
    printString [ <primitive: 19> ]
    printString: base [ <primitive: 20> ^InvalidArgument new signal: 'invalid radix ', base printString ]
    printPaddedWith: aCharacter to: width [ <primitive: 23> ^InvalidArgument new signal: 'invalid padding' ]
    displayNl [ Transcript showCr: self printString ]
    printNl [ Transcript showCr: self printString ]
    asCharacter [ <primitive: 21> ^InvalidArgument new signal: 'not a character code: ', self printString ]
    sqrtFloor [ <primitive: 22> ^ArithmeticError new signal: 'square root of a negative number' ]
    shallowCopy [ ^self ]
    deepCopy [ ^self ]
    arithmeticFailed: selector with: aNumber [
        aNumber isInteger ifFalse: [
            ^WrongClass new signal: self printString, ' ', selector, ' ', aNumber printString,
                ': the argument is not an integer'].
        ^ArithmeticError new signal: 'SmallInteger overflow in ', self printString, ' ', selector, ' ',
            aNumber printString, ' (results must fit in 64 bits)' ]
    divisionFailed: selector with: aNumber [
        aNumber = 0 ifTrue: [^ZeroDivide new signal: 'The program attempted to divide a number by zero'].
        (selector == #/ and: [aNumber isInteger]) ifTrue: [
            ^ArithmeticError new signal: 'fractions are not supported: ', self printString, ' / ',
                aNumber printString].
        ^self arithmeticFailed: selector with: aNumber ]
]

Character class extend [
    value: anInteger [ <primitive: 111> ^InvalidArgument new signal: 'not a character code: ', anInteger printString ]
    cr [ ^self value: 13 ]
    nl [ ^self value: 10 ]
    lf [ ^self value: 10 ]
    tab [ ^self value: 9 ]
    space [ ^self value: 32 ]
]

Character extend [
    value [ <primitive: 110> ]
    asInteger [ <primitive: 110> ]
    asCharacter [ ^self ]
    asUppercase [ <primitive: 112> ]
    asLowercase [ <primitive: 113> ]
    isVowel [ <primitive: 114> ]
    isLetter [ <primitive: 115> ]
    isDigit [ <primitive: 116> ]
    isUppercase [ <primitive: 117> ]
    isLowercase [ <primitive: 118> ]
    isSeparator [ <primitive: 119> ]
    isPunctuation [ <primitive: 124> ]
    isAlphaNumeric [ <primitive: 126> ]
    digitValue [ <primitive: 123> ]
    isCharacter [ ^true ]
    printString [ <primitive: 120> ]
    printOn: aStream [ aStream nextPutAll: self printString ]
    displayString [ <primitive: 121> ]
    asString [ <primitive: 121> ]
    asSymbol [ ^self asString asSymbol ]
    < aCharacter [ <primitive: 122> ^WrongClass new signal: 'not a character: ', aCharacter printString ]
    = aCharacter [ ^self == aCharacter ]
    hash [ ^self value ]
    shallowCopy [ ^self ]
    deepCopy [ ^self ]
]

BlockClosure extend [
    numArgs [ <primitive: 130> ]
    value [ <primitive: 201> ^self numArgsError: 0 ]
    value: a [ <primitive: 202> ^self numArgsError: 1 ]
    value: a value: b [ <primitive: 203> ^self numArgsError: 2 ]
    value: a value: b value: c [ <primitive: 204> ^self numArgsError: 3 ]
    value: a value: b value: c value: d [ <primitive: 205> ^self numArgsError: 4 ]
    valueWithArguments: anArray [ <primitive: 206> ^self numArgsError: anArray size ]
    numArgsError: count [
        ^WrongArgumentCount new signal: 'wrong argument count: the block takes ',
            self numArgs printString, ', not ', count printString ]
    whileTrue: aBlock [ [self value] whileTrue: [aBlock value]. ^nil ]
    whileFalse: aBlock [ [self value] whileFalse: [aBlock value]. ^nil ]
    whileTrue [ [self value] whileTrue. ^nil ]
    whileFalse [ [self value] whileFalse. ^nil ]
    repeat [ [self value] repeat ]
    on: exceptionClass do: handlerBlock [ <primitive: 209> ^self value ]
    ensure: aBlock [
        "Evaluate aBlock after the receiver, also when a non-local return
         or an exception handler unwinds through this method."
        <primitive: 212>
        | result complete |
        result := self value.
        complete := true.
        aBlock value.
        ^result ]
    ifCurtailed: aBlock [
        "Evaluate aBlock only when the receiver does not complete normally."
        <primitive: 212>
        | result complete |
        result := self value.
        complete := true.
        ^result ]
    printOn: aStream [ aStream nextPutAll: 'a BlockClosure' ]
]

Behavior extend [
    new [ <primitive: 33> ^self new: 0 ]
    new: size [ <primitive: 34> ^self sizeFailed: size ]
    basicNew [ <primitive: 33> ^self error: self name, ' cannot be instantiated with basicNew' ]
    basicNew: size [ <primitive: 34> ^self sizeFailed: size ]
    sizeFailed: size [
        (size isInteger and: [size >= 0 and: [size <= 268435456]])
            ifTrue: [^self error: self name, ' cannot be instantiated with new:'].
        ^InvalidArgument new signal: 'invalid size for new: ', size printString ]
    name [ <primitive: 50> ]
    superclass [ <primitive: 51> ]
    includesBehavior: aClass [ <primitive: 52> ]
    inheritsFrom: aClass [ ^self ~~ aClass and: [self includesBehavior: aClass] ]
    selectors [ <primitive: 53> ]
    includesSelector: aSymbol [ <primitive: 54> ]
    canUnderstand: aSymbol [
        | c |
        c := self.
        [c notNil] whileTrue: [(c includesSelector: aSymbol) ifTrue: [^true]. c := c superclass].
        ^false ]
    instanceVariableNames [ <primitive: 55> ]
    comment [ <primitive: 56> ]
    isMeta [ <primitive: 59> ]
    isClass [ ^true ]
    article [ ^self name first isVowel ifTrue: ['an'] ifFalse: ['a'] ]
    printOn: aStream [ aStream nextPutAll: self name ]
    subclass: aSymbol [ <primitive: 57> ^self error: 'cannot define class ', aSymbol printString ]
    subclass: aSymbol instanceVariableNames: ivars classVariableNames: cvars package: aString [
        <primitive: 58> ^self error: 'cannot define class ', aSymbol printString ]
    subclass: aSymbol instanceVariableNames: ivars classVariableNames: cvars category: aString [
        <primitive: 58> ^self error: 'cannot define class ', aSymbol printString ]
    shallowCopy [ ^self ]
]

Metaclass extend [
    instanceClass [ <primitive: 60> ]
    soleInstance [ <primitive: 60> ]
]

Context extend [
    parentContext [ <primitive: 140> ]
    findHandlerContext [ <primitive: 141> ]
    handlerBlock [ <primitive: 142> ]
    handlerClass [ <primitive: 143> ]
    handlerActive: aBoolean [ <primitive: 144> ]
    description [ <primitive: 145> ]
    terminate: aString [ <primitive: 146> ]
    isActive [ <primitive: 147> ]
    receiver [ <primitive: 148> ]
    nextUnwindBlockUpTo: aContext [ <primitive: 149> ]
    runUnwindBlocksUpTo: aContext [
        | block |
        [(block := thisContext nextUnwindBlockUpTo: aContext) notNil] whileTrue: [block value] ]
    unwindAndReturn: anObject [
        "Return anObject from this context, first running the ensure: and
         ifCurtailed: blocks of the contexts above it."
        self isActive ifFalse: [^self error: 'cannot return: the context is no longer running'].
        self runUnwindBlocksUpTo: self.
        ^self primReturn: anObject ]
    primReturn: anObject [ <primitive: 210> ^self error: 'cannot return: the context is no longer running' ]
    restart [
        self isActive ifFalse: [^self error: 'cannot restart: the context is no longer running'].
        self runUnwindBlocksUpTo: self.
        ^self primRestart ]
    primRestart [ <primitive: 211> ^self error: 'cannot restart: the context is no longer running' ]
    printOn: aStream [ aStream nextPutAll: self description ]
]

Object subclass: Message [
    | selector arguments |
    Message class >> selector: aSymbol arguments: anArray [ ^self new setSelector: aSymbol arguments: anArray ]
    setSelector: aSymbol arguments: anArray [ selector := aSymbol. arguments := anArray ]
    selector [ ^selector ]
    arguments [ ^arguments ]
    printOn: aStream [ aStream nextPutAll: selector printString ]
]

Object subclass: Exception [
    | messageText signalContext handlerContext |
    Exception class >> new [ ^self basicNew ]
    Exception class >> signal [ ^self new signal ]
    Exception class >> signal: aString [ ^self new signal: aString ]
    Exception class >> handles: anException [ ^anException isKindOf: self ]
    Exception class >> , anExceptionClass [ ^ExceptionSet new add: self; add: anExceptionClass; yourself ]
    messageText [ ^messageText ifNil: [self description] ]
    messageText: aString [ messageText := aString ]
    description [ ^'An exception has occurred' ]
    isResumable [ ^true ]
    signalContext [ ^signalContext ]
    signal: aString [ messageText := aString. ^self signal ]
    signal [
        signalContext := thisContext.
        ^self searchFrom: thisContext parentContext ]
    searchFrom: aContext [
        | ctx |
        ctx := aContext ifNotNil: [:c | c findHandlerContext].
        [ctx notNil] whileTrue: [
            (ctx handlerClass handles: self) ifTrue: [^self activateHandler: ctx].
            ctx := ctx parentContext ifNotNil: [:c | c findHandlerContext]].
        ^self defaultAction ]
    activateHandler: aContext [
        | block result |
        handlerContext := aContext.
        aContext handlerActive: true.
        block := aContext handlerBlock.
        result := block numArgs = 0 ifTrue: [block value] ifFalse: [block value: self].
        ^self return: result ]
    return: anObject [ ^handlerContext unwindAndReturn: anObject ]
    return [ ^self return: nil ]
    retry [ ^handlerContext restart ]
    resume: anObject [
        self isResumable ifFalse: [^Error new signal: 'Exception>>#resume: non-resumable exception'].
        handlerContext handlerActive: false.
        ^signalContext unwindAndReturn: anObject ]
    resume [ ^self resume: nil ]
    pass [ ^self searchFrom: handlerContext parentContext ]
    outer [ ^self pass ]
    signalerContext [ ^signalContext ]
    defaultAction [ ^signalContext terminate: self class name, ': ', self messageText ]
    printOn: aStream [ aStream nextPutAll: self class article; space; nextPutAll: self class name ]
]

Object subclass: ExceptionSet [
    | classes |
    add: anExceptionClass [ classes isNil ifTrue: [classes := OrderedCollection new]. classes add: anExceptionClass ]
    , anExceptionClass [ self add: anExceptionClass ]
    handles: anException [ ^classes anySatisfy: [:c | c handles: anException] ]
]

Exception subclass: Error [
    isResumable [ ^false ]
]

Exception subclass: Warning [
    defaultAction [ Transcript showCr: 'Warning: ', self messageText. ^nil ]
]

Error subclass: ArithmeticError [ ]
ArithmeticError subclass: ZeroDivide [ ]
Error subclass: MessageNotUnderstood [
    | message receiver |
    message: aMessage receiver: anObject [ message := aMessage. receiver := anObject ]
    message [ ^message ]
    receiver [ ^receiver ]
    isResumable [ ^true ]
    messageText [ ^messageText ifNil: [receiver printString, ' doesNotUnderstand: ', message selector printString] ]
]
Error subclass: IndexOutOfRange [ ]
Error subclass: InvalidArgument [ ]
Error subclass: WrongClass [ ]
Error subclass: WrongArgumentCount [ ]
Error subclass: EmptyCollection [ ]
Error subclass: NotFound [ ]
NotFound subclass: KeyNotFound [ ]

Object subclass: TextCollector [
    nextPutAll: aString [ <primitive: 150> ^self nextPutAll: aString displayString ]
    show: aString [ <primitive: 150> ^self nextPutAll: aString displayString ]
    nl [ <primitive: 151> ]
    cr [ <primitive: 151> ]
    showCr: aString [ self show: aString; nl ]
    display: anObject [ self nextPutAll: anObject displayString ]
    print: anObject [ self nextPutAll: anObject printString ]
    displayNl: anObject [ self display: anObject; nl ]
    << anObject [ self display: anObject ]
    tab [ self nextPutAll: (String with: Character tab) ]
    space [ self nextPutAll: ' ' ]
    flush [ <primitive: 157> ]
]

Object subclass: SystemDictionary [
    arguments [ <primitive: 152> ]
    at: aSymbol [ <primitive: 154> ]
    at: aSymbol put: anObject [ <primitive: 155> ]
    includesKey: aSymbol [ <primitive: 156> ]
    printOn: aStream [ aStream nextPutAll: 'Smalltalk' ]
]

Object subclass: Time [
    Time class >> millisecondClock [ <primitive: 153> ]
    Time class >> millisecondsToRun: aBlock [
        | start |
        start := self millisecondClock.
        aBlock value.
        ^self millisecondClock - start ]
]

Magnitude subclass: Association [
    | key value |
    Association class >> key: aKey value: aValue [ ^self new setKey: aKey value: aValue ]
    setKey: aKey value: aValue [ key := aKey. value := aValue ]
    key [ ^key ]
    value [ ^value ]
    key: aKey [ key := aKey ]
    value: aValue [ value := aValue ]
    = other [ ^(other isKindOf: Association) and: [key = other key and: [value = other value]] ]
    hash [ ^key hash ]
    < other [ ^key < other key ]
    printOn: aStream [ aStream print: key; nextPutAll: '->'; print: value ]
    displayString [ ^key displayString, '->', value displayString ]
]

Object subclass: Point [
    | x y |
    Point class >> x: ax y: ay [ ^self new setX: ax y: ay ]
    setX: ax y: ay [ x := ax. y := ay ]
    x [ ^x ]
    y [ ^y ]
    + other [ ^Point x: x + other x y: y + other y ]
    - other [ ^Point x: x - other x y: y - other y ]
    * scale [ ^Point x: x * scale y: y * scale ]
    = other [ ^(other isKindOf: Point) and: [x = other x and: [y = other y]] ]
    hash [ ^(x hash * 31 + y hash) bitAnd: 16r3FFFFFFF ]
    dist2: other [ ^(x - other x) squared + (y - other y) squared ]
    printOn: aStream [ aStream print: x; nextPut: $@; print: y ]
]

Transcript := TextCollector new.
Smalltalk := SystemDictionary new.
"""

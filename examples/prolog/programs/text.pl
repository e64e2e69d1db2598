% Text: format/2 directives and column stops, sub_atom/5, atom_concat/3
% enumeration, lambda expressions (library(yall)) with maplist/foldl.
:- initialization(main).

item(apple, 3, 0.5).
item(banana, 12, 0.25).
item(cherry, 150, 0.1).

row(Name, Qty, Price) :-
    Total is Qty * Price,
    format("~w~t~12|~t~d~6+~t~2f~10+~n", [Name, Qty, Total]).

main :-
    format("~w~t~12|~t~w~6+~t~w~10+~n", [item, qty, total]),
    forall(item(N, Q, P), row(N, Q, P)),
    format("~`-t~28|~n"),
    format("~a has ~d chars~n", [hello, 5]),
    format("~e ~4f ~g~n", [1234.5, 2.0, 0.5]),
    format("~D items, ~2d euros~n", [1234567, 1999]),
    format("~8|~w~n~t~w~8|~n", [right_of_8, ends_at_8]),
    format("~c~c~c ~8r ~16r~n", [0'a, 0'b, 0'c, 64, 255]),
    format("~q ~w~n", ['Quoted Atom', 'Quoted Atom']),
    format("~p~n", [[1, two, 'Three']]),
    findall(B-A, sub_atom(hello, B, 2, A, _), Pos), write(Pos), nl,
    findall(S, sub_atom(abc, _, _, _, S), Subs), write(Subs), nl,
    ( sub_atom(hello_world, Before, _, 0, world) -> write(Before) ; write(none) ), nl,
    findall(X+Y, atom_concat(X, Y, abc), Splits), write(Splits), nl,
    atom_concat(hello, ' world', HW), atom_length(HW, Len), write(HW/Len), nl,
    maplist([X1, Y1]>>(Y1 is X1 * X1), [1, 2, 3, 4], Squares), write(Squares), nl,
    foldl([X2, A0, A1]>>(A1 is A0 + X2), Squares, 0, Sum), write(Sum), nl,
    include([X3]>>(X3 mod 2 =:= 0), [1, 2, 3, 4, 5, 6], Evens), write(Evens), nl,
    Add = [P1, P2, R]>>(R is P1 + P2), call(Add, 2, 3, R5), write(R5), nl,
    atomic_list_concat(Parts, ' ', 'the quick brown fox'), length(Parts, NP), write(NP), nl,
    atomic_list_concat(Parts, '_', Joined), write(Joined), nl,
    upcase_atom(Joined, Up), write(Up), nl,
    atom_chars(level, Cs), reverse(Cs, Cs), write(palindrome), nl,
    halt.

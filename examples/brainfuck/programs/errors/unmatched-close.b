A closing bracket without an opening one
+++[->++<]
>+]<.
